"""The figures of a campaign that its documents print (Phụ lục 1 and 4, the report): plain
reads in a fixed number of queries, nothing written."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import (
    Campaign,
    DvkModel,
    Exemplar,
    Field,
    Origin,
    Participant,
    Step,
    Subject,
    Target,
    TargetKind,
)

# Seed 002, note (2): models are listed field by field, KT; VHXH; QPAN; XDĐ&HTCT, then the rest.
FIELD_ORDER = {value: index for index, value in enumerate(Field.values)}
MAIN_FIELDS = [Field.ECONOMY, Field.CULTURE, Field.DEFENCE, Field.POLITICS]


@dataclass
class TargetRow:
    target: Target
    actual: Decimal | int | None  # None: the app cannot count it (an "other" target)
    met: bool | None


@dataclass
class Figures:
    campaign: Campaign
    models: list[DvkModel]  # not dropped, with participant and appraisal loaded
    participants: list[Participant]
    exemplars: list[Exemplar]
    targets: list[TargetRow] = field(default_factory=list)
    party_orgs_without: list[str] = field(default_factory=list)

    @property
    def by_field(self) -> Counter:
        return Counter(m.field for m in self.models)

    @property
    def by_subject(self) -> Counter:
        return Counter(m.subject for m in self.models)

    @property
    def new_or_replicated(self) -> list[DvkModel]:
        return [m for m in self.models if m.origin in (Origin.NEW, Origin.REPLICATED)]

    @property
    def recognised(self) -> list[DvkModel]:
        return [m for m in self.models if m.step == Step.RECOGNISED]


def live_models(campaign: Campaign) -> list[DvkModel]:
    """The campaign's models except the dropped ones, in the order of the annexes: by
    organisation, then field (seed 002), then registration. One query."""
    models = list(
        DvkModel.objects.filter(campaign=campaign)
        .exclude(step=Step.DROPPED)
        .select_related("participant", "appraisal")
        .order_by("participant__name", "pk")
    )
    models.sort(key=lambda m: (m.participant.name, FIELD_ORDER.get(m.field, 99), m.pk))
    return models


def coverage(participants: list[Participant], models: list[DvkModel]) -> tuple[Decimal, list[str]]:
    """Percentage of the campaign's Party organisations with at least one live model, and the
    names of those without."""
    party_orgs = [p for p in participants if p.is_party_org]
    with_model = {m.participant_id for m in models}
    without = [p.name for p in party_orgs if p.pk not in with_model]
    if not party_orgs:
        return Decimal("0"), []
    share = Decimal(100 * (len(party_orgs) - len(without))) / len(party_orgs)
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), without


def campaign_figures(campaign: Campaign) -> Figures:
    """Four queries: models, participants, exemplars, targets."""
    models = live_models(campaign)
    participants = list(campaign.participants.order_by("name"))
    exemplars = list(campaign.exemplars.select_related("model").order_by("name"))
    figures = Figures(campaign, models, participants, exemplars)
    share, figures.party_orgs_without = coverage(participants, models)
    actual = {
        TargetKind.MODELS: len(models),
        TargetKind.NEW_OR_REPLICATED: len(figures.new_or_replicated),
        TargetKind.ORG_COVERAGE: share,
        TargetKind.EXEMPLARS: len(exemplars),
    }
    for target in campaign.targets.order_by("pk"):
        value = actual.get(target.kind)
        figures.targets.append(
            TargetRow(target, value, None if value is None else value >= target.value)
        )
    return figures


def subject_counts(models: list[DvkModel]) -> tuple[int, int]:
    collective = sum(1 for m in models if m.subject == Subject.COLLECTIVE)
    return collective, len(models) - collective
