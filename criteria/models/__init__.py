from .framework import ClassBand, Classification, Criterion, Framework, Item
from .round import AssessmentRound, Assignment, GridWarning, dates_in_text, replace_text_date

__all__ = [
    "AssessmentRound",
    "Assignment",
    "ClassBand",
    "Classification",
    "Criterion",
    "Framework",
    "GridWarning",
    "Item",
    "dates_in_text",
    "replace_text_date",
]
