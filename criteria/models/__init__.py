from .framework import ClassBand, Classification, Criterion, Framework, Item
from .round import AssessmentRound, Assignment, GridWarning

__all__ = [
    "AssessmentRound",
    "Assignment",
    "ClassBand",
    "Classification",
    "Criterion",
    "Framework",
    "GridWarning",
    "Item",
]
