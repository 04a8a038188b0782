"""Dân vận khéo: a campaign of one organising unit for one year, its model registrations and
their lifecycle, the scoring rubric and the appraisal, exemplars with their dossier.

Seeds 002 (the 100-point sheet, Phụ lục 1 and 4), 003 and 004 (the 2026 guidance) describe it.
Targets, milestones, rubric points and the pass rule are data, never constants in code.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dvcq.org.models import Unit

POINTS = {"max_digits": 6, "decimal_places": 2}


class CampaignQuerySet(models.QuerySet):
    def for_user(self, user) -> "CampaignQuerySet":
        """The one place that decides which campaigns a user may read: those of the units the
        user may see (own unit; every unit below for a reviewer)."""
        return self.filter(unit__in=Unit.objects.for_user(user))


class Campaign(models.Model):
    """The movement of one organising body for one year (phong trào thi đua “Dân vận khéo”)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="dvk_campaigns"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    organiser = models.CharField(
        _("cơ quan tổ chức"), max_length=200, help_text=_("Ví dụ: Đảng ủy xã Ba Thành.")
    )
    superior_body = models.CharField(
        _("cơ quan cấp trên"),
        max_length=200,
        blank=True,
        help_text=_("Dòng trên của tiêu đề văn bản Đảng, ví dụ: ĐẢNG BỘ TỈNH QUẢNG NGÃI."),
    )
    title = models.CharField(
        _("tên phong trào"),
        max_length=300,
        default="Phong trào thi đua “Dân vận khéo”",
    )
    guide_number = models.CharField(
        _("số văn bản hướng dẫn/kế hoạch"),
        max_length=50,
        blank=True,
        help_text=_("Ví dụ: 12-HD/ĐU."),
    )
    guide_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    guide_summary = models.TextField(
        _("nội dung chính của hướng dẫn"),
        blank=True,
        help_text=_("Mục đích, yêu cầu và nội dung; in trong kế hoạch/hướng dẫn của phong trào."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("phong trào năm trước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào Dân vận khéo")
        verbose_name_plural = _("phong trào Dân vận khéo")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="dvk_campaign_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.organiser} — {self.year}"


class TargetKind(models.TextChoices):
    MODELS = "models", _("Số mô hình")
    NEW_OR_REPLICATED = "new_or_replicated", _("Số mô hình xây dựng mới hoặc nhân rộng")
    ORG_COVERAGE = "org_coverage", _("Tỷ lệ tổ chức đảng trực thuộc có mô hình (%)")
    EXEMPLARS = "exemplars", _("Số tập thể, cá nhân điển hình")
    OTHER = "other", _("Chỉ tiêu khác")


class Target(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField(_("loại chỉ tiêu"), max_length=30, choices=TargetKind.choices)
    label = models.CharField(_("nội dung chỉ tiêu"), max_length=300)
    value = models.PositiveIntegerField(_("chỉ tiêu"))

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["campaign", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class MilestoneKind(models.TextChoices):
    REGISTRATION = "registration", _("Hạn đăng ký mô hình")
    REPORT_HIGHER = "report_higher", _("Báo cáo cấp trên danh sách mô hình")
    SIX_MONTH = "six_month", _("Báo cáo sơ kết 6 tháng")
    RECOGNITION = "recognition", _("Hạn công nhận mô hình")
    TARGET_REPORT = "target_report", _("Báo cáo kết quả thực hiện chỉ tiêu")
    ANNUAL = "annual", _("Báo cáo tổng kết năm")
    OTHER = "other", _("Mốc khác")


class Milestone(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("loại mốc"), max_length=30, choices=MilestoneKind.choices)
    label = models.CharField(_("nội dung"), max_length=300, blank=True)
    due = models.DateField(_("hạn"))

    class Meta:
        verbose_name = _("mốc thời gian")
        verbose_name_plural = _("mốc thời gian")
        ordering = ["campaign", "due", "pk"]

    def __str__(self) -> str:
        return f"{self.label or self.get_kind_display()} — {self.due:%d/%m/%Y}"

    @property
    def title(self) -> str:
        return self.label or str(self.get_kind_display())


class ParticipantKind(models.TextChoices):
    PARTY_CELL = "party_cell", _("Chi bộ, đảng bộ trực thuộc")
    OFFICE = "office", _("Cơ quan, phòng, ban")
    MASS_ORG = "mass_org", _("Mặt trận, đoàn thể")
    SCHOOL = "school", _("Trường học")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    INDIVIDUAL = "individual", _("Cá nhân")
    OTHER = "other", _("Khác")


class Participant(models.Model):
    """An organisation (or person) taking part: it registers and carries out models."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=ParticipantKind.choices)
    is_party_org = models.BooleanField(
        _("là tổ chức đảng trực thuộc"),
        default=False,
        help_text=_("Tính vào chỉ tiêu “100% tổ chức đảng trực thuộc có mô hình”."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký thay mặt"),
        blank=True,
        related_name="dvk_participations",
        help_text=_("Tài khoản được đăng ký mô hình cho tổ chức này."),
    )

    class Meta:
        verbose_name = _("tổ chức tham gia")
        verbose_name_plural = _("tổ chức tham gia")
        ordering = ["campaign", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="dvk_participant_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Field(models.TextChoices):
    ECONOMY = "economy", _("Kinh tế")
    CULTURE = "culture", _("Văn hóa - xã hội")
    DEFENCE = "defence", _("Quốc phòng - an ninh, dân tộc - tôn giáo")
    POLITICS = "politics", _("Xây dựng hệ thống chính trị")
    RURAL = "rural", _("Xây dựng nông thôn mới")
    URBAN = "urban", _("Đô thị văn minh")
    OTHER = "other", _("Khác")


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Origin(models.TextChoices):
    NEW = "new", _("Xây dựng mới")
    CONTINUED = "continued", _("Tiếp tục duy trì")
    REPLICATED = "replicated", _("Nhân rộng")


class Step(models.TextChoices):
    REGISTERED = "registered", _("Đăng ký")
    PLANNED = "planned", _("Có kế hoạch")
    LAUNCHED = "launched", _("Ra mắt")
    IMPLEMENTING = "implementing", _("Triển khai")
    SELF_ASSESSED = "self_assessed", _("Tự đánh giá")
    APPRAISING = "appraising", _("Thẩm định")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không công nhận")
    DROPPED = "dropped", _("Loại bỏ")


class ModelQuerySet(models.QuerySet):
    def for_user(self, user) -> "ModelQuerySet":
        return self.filter(campaign__in=Campaign.objects.for_user(user))


class DvkModel(models.Model):
    """A registered “Dân vận khéo” model (Phụ lục 1 and the 2026 guidance)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="models"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("tổ chức đăng ký"),
        on_delete=models.PROTECT,
        related_name="models",
    )
    name = models.CharField(_("tên mô hình"), max_length=300)
    quantity = models.PositiveSmallIntegerField(
        _("số lượng"), default=1, validators=[MinValueValidator(1)]
    )
    location = models.CharField(_("địa điểm xây dựng, triển khai"), max_length=300)
    host = models.CharField(_("chủ trì"), max_length=200)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    scale = models.CharField(
        _("quy mô thực hiện"),
        max_length=300,
        blank=True,
        help_text=_("Số lượng, diện tích, số hộ…"),
    )
    subject = models.CharField(_("chủ thể"), max_length=20, choices=Subject.choices)
    subject_name = models.CharField(_("tên tập thể/cá nhân thực hiện"), max_length=200, blank=True)
    origin = models.CharField(_("hình thức"), max_length=20, choices=Origin.choices)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("mô hình năm trước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
        help_text=_("Bắt buộc với mô hình tiếp tục duy trì."),
    )
    higher_targets = models.TextField(
        _("chỉ tiêu cao hơn năm trước"),
        blank=True,
        help_text=_("Mô hình tiếp tục duy trì nêu chỉ tiêu cao hơn năm trước."),
    )
    situation = models.TextField(_("thực trạng"), blank=True)
    goals = models.TextField(_("mục tiêu, tiêu chí"), blank=True)
    methods = models.TextField(_("cách làm"), blank=True)
    forces = models.TextField(_("lực lượng tham gia"), blank=True)
    resources = models.TextField(_("nguồn lực"), blank=True)
    timeline = models.TextField(_("thời gian thực hiện"), blank=True)
    outputs = models.TextField(_("kết quả dự kiến"), blank=True)
    sustainability = models.TextField(_("tính bền vững, khả năng nhân rộng"), blank=True)
    leader = models.CharField(_("lãnh đạo phụ trách"), max_length=200, blank=True)
    results = models.TextField(
        _("tóm tắt quy mô, kết quả đạt được"), blank=True, help_text=_("Cột (7) của Phụ lục 4.")
    )
    step = models.CharField(_("bước"), max_length=20, choices=Step.choices, default=Step.REGISTERED)
    drop_reason = models.TextField(_("lý do loại bỏ"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    history = HistoricalRecords()

    objects = ModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình")
        verbose_name_plural = _("mô hình")
        ordering = ["campaign", "participant__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin="continued") | Q(previous__isnull=False),
                name="dvk_continued_has_previous",
            ),
            models.CheckConstraint(
                condition=~Q(step="dropped") | ~Q(drop_reason=""), name="dvk_dropped_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ModelEvent(models.Model):
    """One step of a model's life, with its date (đăng ký, kế hoạch, ra mắt …)."""

    model = models.ForeignKey(
        DvkModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="events"
    )
    step = models.CharField(_("bước"), max_length=20, choices=Step.choices)
    on = models.DateField(_("ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước thực hiện")
        verbose_name_plural = _("bước thực hiện")
        ordering = ["model", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.model} — {self.get_step_display()} {self.on:%d/%m/%Y}"


def document_name(instance: "ModelDocument", filename: str) -> str:
    """A generated name: nothing of the uploader's file name reaches the storage path."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"dvk/{instance.campaign_id}/{uuid.uuid4().hex}.{ext}"


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Kế hoạch xây dựng mô hình")
    LAUNCH = "launch", _("Biên bản, hình ảnh ra mắt")
    REPORT = "report", _("Báo cáo kết quả mô hình")
    APPRAISAL_PLAN = "appraisal_plan", _("Kế hoạch thẩm định")
    MINUTES = "minutes", _("Biên bản hội nghị thẩm định")
    NOTICE = "notice", _("Thông báo kết quả thẩm định")
    DECISION = "decision", _("Quyết định công nhận")
    PROPOSAL = "proposal", _("Tờ trình đề nghị")
    ACHIEVEMENT = "achievement", _("Báo cáo thành tích")
    SUMMARY = "summary", _("Trích ngang")
    LIST = "list", _("Danh sách")
    OTHER = "other", _("Tài liệu khác")


class ModelDocument(models.Model):
    """A file attached to a campaign, a model or an exemplar; checked and stored like evidence."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="documents"
    )
    model = models.ForeignKey(
        DvkModel,
        verbose_name=_("mô hình"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    event = models.ForeignKey(
        ModelEvent,
        verbose_name=_("bước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("trích yếu"), max_length=300, blank=True)
    file = models.FileField(_("tệp"), upload_to=document_name, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu Dân vận khéo")
        verbose_name_plural = _("tài liệu Dân vận khéo")
        ordering = ["campaign", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title or self.original_name


class RubricKind(models.TextChoices):
    SHEET = "sheet", _("Biểu chấm điểm 100 điểm")
    CHECKLIST = "checklist", _("Bảng tiêu chí đạt/không đạt")


class Rubric(models.Model):
    """A version of the scoring sheet for a year, with its pass rule (data)."""

    year = models.PositiveSmallIntegerField(_("năm áp dụng"))
    kind = models.CharField(_("loại"), max_length=20, choices=RubricKind.choices)
    name = models.CharField(_("tên"), max_length=300)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)
    pass_total = models.DecimalField(
        _("tổng điểm tối thiểu để đạt"), **POINTS, default=Decimal("75.00")
    )

    class Meta:
        verbose_name = _("biểu chấm điểm")
        verbose_name_plural = _("biểu chấm điểm")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="dvk_rubric_one_per_year_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Part(models.TextChoices):
    GENERAL = "I", _("I. Các tiêu chí chung")
    COLLECTIVE = "II.1", _("II.1. Mô hình do tập thể thực hiện")
    INDIVIDUAL = "II.2", _("II.2. Mô hình do cá nhân thực hiện")
    CHECKLIST = "C", _("Tiêu chí đạt/không đạt")


PART_FOR_SUBJECT = {Subject.COLLECTIVE: Part.COLLECTIVE, Subject.INDIVIDUAL: Part.INDIVIDUAL}


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("biểu chấm"), on_delete=models.CASCADE, related_name="criteria"
    )
    part = models.CharField(_("phần"), max_length=5, choices=Part.choices)
    number = models.PositiveSmallIntegerField(_("số tiêu chí"))
    text = models.TextField(_("tiêu chí"))
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS, default=Decimal("0"))
    is_key = models.BooleanField(
        _("phải đạt điểm tối đa"),
        default=False,
        help_text=_(
            "Quy tắc đạt: tiêu chí này phải đạt điểm tối đa (ví dụ tiêu chí 2, 7, 9, 11, 15)."
        ),
    )

    class Meta:
        verbose_name = _("tiêu chí chấm mô hình")
        verbose_name_plural = _("tiêu chí chấm mô hình")
        ordering = ["rubric", "part", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "part", "number"], name="dvk_criterion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class AppraisalHistoryFields(models.Model):
    """Beside an appraisal's own fields, its history keeps the team by name as set then; None
    on the rows of saves that did not change it (the conclusion, the decision)."""

    member_names = models.TextField(_("thành viên tổ thẩm định"), null=True, blank=True)  # noqa: DJ001

    class Meta:
        abstract = True


class Appraisal(models.Model):
    """The appraisal of one model (seed 003, §IV.2.2)."""

    model = models.OneToOneField(
        DvkModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="appraisal"
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("biểu chấm"), on_delete=models.PROTECT, related_name="appraisals"
    )
    plan_number = models.CharField(_("số kế hoạch thẩm định"), max_length=50, blank=True)
    plan_date = models.DateField(_("ngày kế hoạch thẩm định"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên tổ thẩm định"),
        related_name="dvk_appraisals",
    )
    conference_on = models.DateField(_("ngày hội nghị thẩm định"), null=True, blank=True)
    report_received_on = models.DateField(
        _("ngày tổ thẩm định nhận báo cáo của mô hình"), null=True, blank=True
    )
    minutes = models.TextField(_("biên bản hội nghị"), blank=True)
    notice_number = models.CharField(_("số thông báo kết quả"), max_length=50, blank=True)
    notice_date = models.DateField(_("ngày thông báo"), null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # The setup (dates, team, rubric), the conclusion and the decision, with who and when. The
    # setup writes its row itself, with the team (`services.appraisal_open`).
    history = HistoricalRecords(bases=[AppraisalHistoryFields])

    class Meta:
        verbose_name = _("thẩm định mô hình")
        verbose_name_plural = _("thẩm định mô hình")

    def __str__(self) -> str:
        return f"Thẩm định — {self.model}"


class MemberScore(models.Model):
    """One member's points (or met / not met) on one criterion of the sheet."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("thẩm định"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criterion = models.ForeignKey(
        RubricCriterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(
        _("điểm"), **POINTS, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    met = models.BooleanField(_("đạt"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    # `member` owns the sheet; `history_user` is who entered it (the member, or the
    # coordinator entering a paper sheet on the member's behalf).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm của thành viên")
        verbose_name_plural = _("điểm của thành viên")
        ordering = ["appraisal", "member", "criterion__part", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "member", "criterion"], name="dvk_memberscore_unique"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="dvk_memberscore_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.criterion.number}"


class Exemplar(models.Model):
    """An exemplar (điển hình) nominated from a recognised model, and its city-level dossier."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="exemplars"
    )
    model = models.ForeignKey(
        DvkModel,
        verbose_name=_("mô hình"),
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    subject = models.CharField(_("tập thể/cá nhân"), max_length=20, choices=Subject.choices)
    name = models.CharField(_("tên tập thể/cá nhân"), max_length=200)
    is_leader = models.BooleanField(
        _("là người đứng đầu"),
        default=False,
        help_text=_("Người đứng đầu cấp ủy, cơ quan: xét thêm các tiêu chí đối với lãnh đạo."),
    )
    leader_criteria_met = models.BooleanField(
        _("đạt các tiêu chí thêm đối với lãnh đạo"), default=False
    )
    nominated_on = models.DateField(_("ngày đề nghị"))
    recognised_number = models.CharField(
        _("số quyết định công nhận điển hình"), max_length=50, blank=True
    )
    recognised_on = models.DateField(_("ngày công nhận điển hình"), null=True, blank=True)

    class Meta:
        verbose_name = _("điển hình")
        verbose_name_plural = _("điển hình")
        ordering = ["campaign", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "model", name="dvk_exemplar_once_per_model"),
        ]

    def __str__(self) -> str:
        return self.name


class DossierItem(models.Model):
    """One paper of the city-level dossier; `copies` for the bound achievement report."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("điển hình"), on_delete=models.CASCADE, related_name="dossier"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=DocumentKind.choices)
    copies = models.PositiveSmallIntegerField(_("số bản"), default=1)
    document = models.ForeignKey(
        ModelDocument,
        verbose_name=_("tài liệu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["exemplar", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "kind"], name="dvk_dossier_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} — {self.get_kind_display()}"
