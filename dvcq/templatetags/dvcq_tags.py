"""The project's template filters: `{% load dvcq_tags %}` in any app's templates."""

from django import template

from dvcq import wording

register = template.Library()


@register.filter
def points(value) -> str:
    """78,50; an em dash when there is no score yet."""
    return wording.points(value) or "—"


@register.filter
def signed(value) -> str:
    """A difference: "−1,00", "+0,50", "0,00"; empty when unknown."""
    return wording.signed_points(value)


@register.filter
def day(value) -> str:
    """15/10/2026; empty for no date."""
    return wording.day(value)
