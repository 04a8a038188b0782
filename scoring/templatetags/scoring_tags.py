"""The dashboard's heat-map cells, written in Python: a page has 1,000 of them, and three
template variables each cost more than the rest of the page (bench/bench_dashboard.py)."""

from html import escape

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def heat_cells(row) -> SafeString:
    """`<td>`s of a dashboard row's criterion cells, then its bonus cell."""
    cells = [
        f'<td class="text-end heat {cell.css}" title="{escape(cell.title)}">{cell.text}</td>'
        if cell.title
        else f'<td class="text-end heat {cell.css}">{cell.text}</td>'
        for cell in row.cells
    ]
    cells.append(f'<td class="text-end" data-col="bonus">{row.bonus.text}</td>')
    # css and text are ours: class names, and digits with a comma (`wording.points`); the
    # title, with its translated label, is escaped (the standard library's escape, as Django's
    # own with a lazy-string wrapper costs ten times more per call).
    return SafeString("".join(cells))
