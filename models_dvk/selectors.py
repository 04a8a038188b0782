"""Reads of Dân vận khéo data as plain data: the targets dashboard and the numbers the annual
report reuses. Each function runs a fixed number of queries whatever the campaign's size."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dvcq.wording import day

from .models import (
    OPEN_STEPS,
    Campaign,
    DvkModel,
    Field,
    MilestoneKind,
    ModelEvent,
    Origin,
    Step,
    Subject,
    TargetKind,
)


def _models(campaign: Campaign) -> list[dict]:
    """One query: every model of the campaign with whether it has held its launch."""
    launched = ModelEvent.objects.filter(model=OuterRef("pk"), step=Step.LAUNCHED)
    return list(
        DvkModel.objects.filter(campaign=campaign)
        .annotate(launched=Exists(launched))
        .values("pk", "name", "field", "subject", "origin", "step", "participant_id", "launched")
        .order_by("participant__name", "pk")
    )


def _alive(models: list[dict]) -> list[dict]:
    return [m for m in models if m["step"] != Step.DROPPED]


def parties_without_model(campaign: Campaign, models: list[dict] | None = None) -> list[str]:
    """Names of the Party organisations taking part that have no model still running."""
    models = _models(campaign) if models is None else models
    with_model = {m["participant_id"] for m in _alive(models)}
    return [
        p.name
        for p in campaign.participants.filter(is_party_org=True).order_by("name")
        if p.pk not in with_model
    ]


def _party_coverage(campaign: Campaign, models: list[dict]) -> tuple[int, int, list[str]]:
    with_model = {m["participant_id"] for m in _alive(models)}
    parties = list(campaign.participants.filter(is_party_org=True).order_by("name"))
    missing = [p.name for p in parties if p.pk not in with_model]
    return len(parties), len(parties) - len(missing), missing


def target_progress(campaign: Campaign, models: list[dict] | None = None) -> list[dict]:
    """Each target of the campaign against what is done: label, value (the target), actual,
    met, detail (a sentence for the table). Four queries."""
    models = _models(campaign) if models is None else models
    alive = _alive(models)
    targets = list(campaign.targets.all())
    coverage = None
    exemplars = None
    rows = []
    for target in targets:
        detail = ""
        if target.kind == TargetKind.MODELS:
            actual = len(alive)
            detail = _("%(n)s mô hình đang thực hiện (không tính mô hình đã loại bỏ).") % {
                "n": actual
            }
        elif target.kind == TargetKind.NEW_OR_REPLICATED:
            actual = sum(1 for m in alive if m["origin"] in (Origin.NEW, Origin.REPLICATED))
            detail = _("%(n)s mô hình xây dựng mới hoặc nhân rộng.") % {"n": actual}
        elif target.kind == TargetKind.ORG_COVERAGE:
            if coverage is None:
                coverage = _party_coverage(campaign, models)
            total, covered, missing = coverage
            actual = (
                int((Decimal(100) * covered / total).quantize(Decimal("1"), ROUND_HALF_UP))
                if total
                else 0
            )
            detail = _("%(covered)s/%(total)s tổ chức đảng trực thuộc có mô hình.") % {
                "covered": covered,
                "total": total,
            }
            if missing:
                detail += " " + _("Chưa có: %(names)s.") % {"names": ", ".join(missing)}
        elif target.kind == TargetKind.EXEMPLARS:
            if exemplars is None:
                exemplars = campaign.exemplars.aggregate(
                    nominated=Count("pk"),
                    recognised=Count("pk", filter=Q(recognised_on__isnull=False)),
                )
            # The target is about exemplars recognised; nominations are only on their way.
            actual = exemplars["recognised"]
            detail = _(
                "%(n)s tập thể, cá nhân được công nhận điển hình (%(nominated)s được đề nghị)."
            ) % {"n": actual, "nominated": exemplars["nominated"]}
        else:
            rows.append(
                {
                    "label": target.label,
                    "value": target.value,
                    "actual": None,
                    "met": False,
                    "detail": _("Chỉ tiêu khác: theo dõi thủ công."),
                    "kind": target.kind,
                }
            )
            continue
        rows.append(
            {
                "label": target.label,
                "value": target.value,
                "actual": actual,
                "met": actual >= target.value,
                "detail": detail,
                "kind": target.kind,
            }
        )
    return rows


def _count(models: list[dict], key: str, choices) -> list[dict]:
    counts = Counter(m[key] for m in models)
    return [
        {"code": code, "label": str(label), "count": counts.get(code, 0)} for code, label in choices
    ]


def counts_by_field(campaign: Campaign, models: list[dict] | None = None) -> list[dict]:
    """Models still running per field, every field listed (0 included). One query."""
    models = _models(campaign) if models is None else models
    return _count(_alive(models), "field", Field.choices)


def counts_by_subject(campaign: Campaign, models: list[dict] | None = None) -> list[dict]:
    models = _models(campaign) if models is None else models
    return _count(_alive(models), "subject", Subject.choices)


def counts_by_step(campaign: Campaign, models: list[dict] | None = None) -> list[dict]:
    """Every model per step, the dropped ones included (they are a step too)."""
    models = _models(campaign) if models is None else models
    return _count(models, "step", Step.choices)


@dataclass
class Dashboard:
    campaign: Campaign
    today: date
    targets: list[dict]
    by_field: list[dict]
    by_subject: list[dict]
    by_step: list[dict]
    parties_without_model: list[str]
    next_milestone: object | None
    overdue_milestones: list = field(default_factory=list)
    late: list[dict] = field(default_factory=list)  # {"label", "models": [names]}
    total: int = 0  # the models not dropped
    dropped: int = 0


def campaign_dashboard(campaign: Campaign, today: date | None = None) -> Dashboard:
    """Everything the targets page shows, in six queries."""
    today = today or timezone.localdate()
    models = _models(campaign)
    milestones = list(campaign.milestones.all())
    total, covered, missing = _party_coverage(campaign, models)
    upcoming = [m for m in milestones if m.due >= today]
    overdue = [m for m in milestones if m.due < today]
    late = []
    due = {m.kind: m.due for m in milestones}
    registration = due.get(MilestoneKind.REGISTRATION)
    if registration and today > registration:
        names = [m["name"] for m in models if m["step"] == Step.REGISTERED]
        if names:
            late.append(
                {
                    "label": _("Còn ở bước “Đăng ký” sau hạn đăng ký %(day)s")
                    % {"day": day(registration)},
                    "models": names,
                }
            )
    names = [
        m["name"]
        for m in models
        if m["origin"] == Origin.NEW and m["step"] in OPEN_STEPS and not m["launched"]
    ]
    if names:
        late.append({"label": _("Mô hình xây dựng mới chưa ra mắt"), "models": names})
    recognition = due.get(MilestoneKind.RECOGNITION)
    if recognition and today > recognition:
        names = [m["name"] for m in models if m["step"] in OPEN_STEPS]
        if names:
            late.append(
                {
                    "label": _("Chưa có quyết định công nhận sau hạn %(day)s")
                    % {"day": day(recognition)},
                    "models": names,
                }
            )
    return Dashboard(
        campaign=campaign,
        today=today,
        targets=target_progress(campaign, models),
        by_field=counts_by_field(campaign, models),
        by_subject=counts_by_subject(campaign, models),
        by_step=counts_by_step(campaign, models),
        parties_without_model=missing,
        next_milestone=upcoming[0] if upcoming else None,
        overdue_milestones=overdue,
        late=late,
        total=len(_alive(models)),
        dropped=len(models) - len(_alive(models)),
    )
