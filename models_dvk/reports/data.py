"""The figures of a campaign that its documents print (Phụ lục 1 and 4, the report): plain
reads in a fixed number of queries, nothing written."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..models import (
    Campaign,
    DvkModel,
    Exemplar,
    Field,
    ModelEvent,
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


def annex_order(model: DvkModel) -> tuple:
    """By organisation, then field (seed 002), then registration."""
    return (model.participant.name, FIELD_ORDER.get(model.field, 99), model.pk)


def live_models(campaign: Campaign) -> list[DvkModel]:
    """The campaign's models except the dropped ones, in the order of the annexes: by
    organisation, then field (seed 002), then registration. One query."""
    models = list(
        DvkModel.objects.filter(campaign=campaign)
        .exclude(step=Step.DROPPED)
        .select_related("participant", "appraisal")
        .order_by("participant__name", "pk")
    )
    models.sort(key=annex_order)
    return models


def models_on(campaign: Campaign, day: date) -> list[DvkModel]:
    """The campaign's models as they stood on `day`: those registered by then and not dropped
    by then, each with the step it had reached (set on the instance, never saved). Two queries."""
    models = list(
        DvkModel.objects.filter(campaign=campaign)
        .select_related("participant", "appraisal")
        .order_by("participant__name", "pk")
    )
    steps = dict(
        ModelEvent.objects.filter(model__campaign=campaign, on__lte=day)
        .order_by("on", "pk")
        .values_list("model_id", "step")
    )  # later events overwrite earlier ones: the last step reached by that day
    kept = []
    for model in models:
        step = steps.get(model.pk)
        if step is None or step == Step.DROPPED:
            continue
        model.step = step
        kept.append(model)
    kept.sort(key=annex_order)
    return kept


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


def campaign_figures(campaign: Campaign, as_of: date | None = None) -> Figures:
    """Four queries: models, participants, exemplars, targets (five with `as_of`: the figures
    as they stood on that day, for the six-month report)."""
    models = live_models(campaign) if as_of is None else models_on(campaign, as_of)
    participants = list(campaign.participants.order_by("name"))
    exemplars = list(campaign.exemplars.select_related("model").order_by("name"))
    if as_of is not None:
        exemplars = [e for e in exemplars if e.nominated_on <= as_of]
        for exemplar in exemplars:
            if exemplar.recognised_on and exemplar.recognised_on > as_of:
                exemplar.recognised_number, exemplar.recognised_on = "", None  # not yet then
    figures = Figures(campaign, models, participants, exemplars)
    share, figures.party_orgs_without = coverage(participants, models)
    actual = {
        TargetKind.MODELS: len(models),
        TargetKind.NEW_OR_REPLICATED: len(figures.new_or_replicated),
        TargetKind.ORG_COVERAGE: share,
        # The target counts exemplars recognised, not those only nominated.
        TargetKind.EXEMPLARS: sum(1 for e in exemplars if e.recognised_on),
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
