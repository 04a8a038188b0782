"""Dân vận khéo: a campaign of one organising unit for one year, its model registrations and
their lifecycle, the scoring rubric and the appraisal, exemplars with their dossier.

Seeds 002 (the 100-point sheet, Phụ lục 1 and 4), 003 and 004 (the 2026 guidance) describe it.
Targets, milestones, rubric points and the pass rule are data, never constants in code.

One module per concept; everything is imported here so that the app registry finds every
model and `from models_dvk.models import X` works (migrations refer to
`models_dvk.models.document_name`).
"""

from .appraisal import Appraisal, AppraisalHistoryFields, MemberScore
from .campaign import (
    Campaign,
    CampaignQuerySet,
    Milestone,
    MilestoneKind,
    Participant,
    ParticipantKind,
    Target,
    TargetKind,
)
from .exemplar import DossierItem, Exemplar
from .lifecycle import DocumentKind, ModelDocument, ModelEvent, document_name
from .plan import PlanSection
from .registration import OPEN_STEPS, DvkModel, Field, ModelQuerySet, Origin, Step, Subject
from .rubric import PART_FOR_SUBJECT, POINTS, Part, Rubric, RubricCriterion, RubricKind

__all__ = [
    "OPEN_STEPS",
    "PART_FOR_SUBJECT",
    "POINTS",
    "Appraisal",
    "AppraisalHistoryFields",
    "Campaign",
    "CampaignQuerySet",
    "DocumentKind",
    "DossierItem",
    "DvkModel",
    "Exemplar",
    "Field",
    "MemberScore",
    "Milestone",
    "MilestoneKind",
    "ModelDocument",
    "ModelEvent",
    "ModelQuerySet",
    "Origin",
    "Part",
    "Participant",
    "PlanSection",
    "ParticipantKind",
    "Rubric",
    "RubricCriterion",
    "RubricKind",
    "Step",
    "Subject",
    "Target",
    "TargetKind",
    "document_name",
]
