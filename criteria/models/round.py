from datetime import date

from django.db import models
from django.db.models import BooleanField, Case, F, Max, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dvcq.org.models import Position, Unit

from ..deadlines import deadline_dates
from .framework import Framework, Item


class RoundQuerySet(models.QuerySet):
    def for_user(self, user) -> "RoundQuerySet":
        """Rounds of the units the user may see (own unit; below it for a reviewer)."""
        return self.filter(unit__in=Unit.objects.for_user(user))


class AssignmentQuerySet(models.QuerySet):
    def with_evidence_state(self, today: date) -> "AssignmentQuerySet":
        """Each assignment with the state of its evidence, for the pages that show what is late.

        Annotates `last_upload_at` (the newest live file: its record not deleted, the file not
        replaced; None without one), `verdict` and `verdict_at` (the compiler's review of the
        item's evidence, if any), `is_owed`: the evidence is still owed — no live file, or a
        "cần bổ sung" (needs more) verdict given after the last upload — and `is_overdue`: owed
        and the deadline has passed. Filed-but-unchecked and accepted items are not late. The
        one rule behind the officers' task list, the evidence overview, the reviewers' dashboard
        and the reminders.

        Evidence records attach to assignments from the evidence app; they are read here by
        relation name, so this app imports nothing from it.
        """
        last_upload = (
            Assignment.objects.filter(
                pk=OuterRef("pk"),
                evidence_records__deleted_at__isnull=True,
                evidence_records__files__replaced_by__isnull=True,
            )
            .order_by()
            .values("pk")
            .annotate(at=Max("evidence_records__files__uploaded_at"))
            .values("at")[:1]
        )
        owed = Q(last_upload_at__isnull=True) | Q(
            verdict="needs_more", verdict_at__gte=F("last_upload_at")
        )
        return self.annotate(
            last_upload_at=Subquery(last_upload),
            verdict=F("evidence_review__status"),
            verdict_at=F("evidence_review__reviewed_at"),
        ).annotate(
            is_owed=Case(
                When(owed, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            is_overdue=Case(
                When(Q(deadline__lt=today) & owed, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )

    def not_owed(self) -> "AssignmentQuerySet":
        """Those whose evidence is not owed (`with_evidence_state`'s `is_owed` false): a live
        file that no "cần bổ sung" verdict came at or after.

        The same rule as a set with no reference to an outer row, so that a database builds it
        once (PostgreSQL hashes it, SQLite indexes it) where `last_upload_at` is a subquery run
        for every assignment. The tests hold the two forms to the same answers.
        """
        return self.filter(
            Q(evidence_review__isnull=True)
            | ~Q(evidence_review__status="needs_more")
            | Q(evidence_review__reviewed_at__lt=F("evidence_records__files__uploaded_at")),
            evidence_records__deleted_at__isnull=True,
            evidence_records__files__isnull=False,
            evidence_records__files__replaced_by__isnull=True,
        )

    def overdue(self, today: date) -> "AssignmentQuerySet":
        """Only the late ones (see `with_evidence_state`): past the deadline and not `not_owed`.

        Filter by plain conditions (a framework, some rounds) before, and refer to an outer
        query only after: the owed test then stays a set built once per query (the reviewers'
        dashboard counts 16,000 assignments with it)."""
        late = self.filter(deadline__lt=today)
        return late.exclude(pk__in=late.not_owed().values("pk"))

    def overdue_condition(self, today: date, path: str) -> Q:
        """`overdue` as a condition on the assignments another query reaches by `path` (a
        unit's `rounds__assignments`), to count them in a join: past the deadline and not
        among this queryset's `not_owed`, which is built once."""
        owing_nothing = self.filter(deadline__lt=today).not_owed().values("pk")
        return Q(**{f"{path}__deadline__lt": today}) & ~Q(**{f"{path}__in": owing_nothing})


class AssessmentRound(models.Model):
    """One unit's assessment for one framework year."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="rounds"
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("khung tiêu chí"), on_delete=models.PROTECT, related_name="rounds"
    )
    plan_number = models.CharField(
        _("số kế hoạch kèm phụ lục"), max_length=50, blank=True, help_text=_("Ví dụ: 25/KH-UBND.")
    )
    plan_date = models.DateField(_("ngày kế hoạch"), null=True, blank=True)
    # The unit above as it was in the round's year: before 1 July 2025 a commune was reviewed
    # by its district, afterwards by the province. Documents of the round name this body, not
    # whatever the unit's parent is today.
    reviewing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị thẩm định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_rounds",
        help_text=_(
            "Cơ quan chấm, thẩm định kết quả năm đó (tên và cấp như năm đánh giá, ví dụ huyện "
            "trước 01/7/2025); để trống thì là đơn vị cấp trên hiện nay."
        ),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ đánh giá")
        verbose_name_plural = _("kỳ đánh giá")
        ordering = ["-framework__year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "framework"], name="round_one_per_unit_framework"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    @property
    def year(self) -> int:
        return self.framework.year

    @property
    def reviewer(self) -> Unit | None:
        """The body that reviewed this round: the one recorded, else today's parent."""
        return self.reviewing_unit or self.unit.parent


class GridWarning(models.TextChoices):
    NO_ASSIGNEE = "no_assignee", _("Chưa giao cho ai")
    NO_DEADLINE = "no_deadline", _("Chưa có hạn nộp minh chứng")
    DEADLINE_OUTSIDE_YEAR = "deadline_year", _("Hạn nộp nằm ngoài năm đánh giá")
    TEXT_DATE_DIFFERS = "text_date", _("Ngày ghi trong nội dung cần thực hiện khác hạn nộp")


class AssignmentHistoryFields(models.Model):
    """What the historical rows of an assignment keep beside its own fields: the positions
    by name as they were then (a position renamed later does not rewrite the past). None
    when the row was written by a plain save() that did not know them."""

    lead_names = models.TextField(_("chủ trì"), null=True, blank=True)  # noqa: DJ001
    cooperating_names = models.TextField(_("phối hợp"), null=True, blank=True)  # noqa: DJ001

    class Meta:
        abstract = True


class Assignment(models.Model):
    """One row of the "Phân công nhiệm vụ" annex: who does what for an item, and by when."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    item = models.ForeignKey(
        Item, verbose_name=_("nội dung"), on_delete=models.PROTECT, related_name="assignments"
    )
    lead_positions = models.ManyToManyField(
        Position, verbose_name=_("chủ trì"), blank=True, related_name="lead_assignments"
    )
    cooperating_positions = models.ManyToManyField(
        Position, verbose_name=_("phối hợp"), blank=True, related_name="cooperating_assignments"
    )
    assignee_note = models.CharField(
        _("đơn vị khác được giao"),
        max_length=300,
        blank=True,
        help_text=_(
            "Phần ghi thêm không phải chức danh của đơn vị, ví dụ: các ban ngành có liên quan."
        ),
    )
    action = models.TextField(_("nội dung cần thực hiện"), blank=True)
    deadline = models.DateField(_("hạn nộp minh chứng"), null=True, blank=True)
    # Bumped on every save: an edit based on an older version is refused, not merged.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # The services write the rows themselves once the positions are set
    # (`criteria.services.assignments_record_history`), so each row carries them.
    history = HistoricalRecords(bases=[AssignmentHistoryFields])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["item__criterion__number", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="assignment_one_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.item.code}"

    def warnings(self, year: int, lead_ids=None) -> list[GridWarning]:
        """Problems a person should look at; `lead_ids` avoids a query when already known."""
        found = []
        if lead_ids is None:
            lead_ids = [p.pk for p in self.lead_positions.all()]
        if not lead_ids and not self.assignee_note:
            found.append(GridWarning.NO_ASSIGNEE)
        if self.deadline is None:
            found.append(GridWarning.NO_DEADLINE)
        elif self.deadline.year != year:
            found.append(GridWarning.DEADLINE_OUTSIDE_YEAR)
        text_dates = deadline_dates(self.action)
        # Also a second deadline in the text from another year: documents print the text.
        if self.deadline and (
            (text_dates and self.deadline not in text_dates)
            or any(d.year != year and d != self.deadline for d in text_dates)
        ):
            found.append(GridWarning.TEXT_DATE_DIFFERS)
        return found


__all__ = ["AssessmentRound", "Assignment", "GridWarning"]
