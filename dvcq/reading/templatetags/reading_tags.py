from django import template
from django.utils.html import format_html, format_html_join

from ..matching import Query, marked

register = template.Library()


@register.filter
def mark_query(text: str, query: Query | None) -> str:
    """`text` with the words of the search marked (<mark>), escaped."""
    if not text or query is None:
        return text
    pieces = marked(str(text), query.parts())
    return format_html_join(
        "", "{}", ((format_html("<mark>{}</mark>", p) if hit else p,) for p, hit in pieces)
    )
