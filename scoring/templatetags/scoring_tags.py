from decimal import Decimal

from django import template

from dvcq.documents.blocks import format_points

register = template.Library()


@register.filter
def points(value) -> str:
    """78,50; an em dash when there is no score yet."""
    if value is None or value == "":
        return "—"
    return format_points(Decimal(value))


@register.filter
def signed(value) -> str:
    """A difference: "−1,00", "+0,50", "0,00"; empty when unknown."""
    if value is None:
        return ""
    value = Decimal(value)
    if value > 0:
        return f"+{format_points(value)}"
    if value < 0:
        return f"−{format_points(-value)}"
    return format_points(value)
