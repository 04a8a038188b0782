from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dvcq.org.models import Unit

MARGIN = {
    "max_digits": 4,
    "decimal_places": 1,
    "validators": [MinValueValidator(Decimal("5")), MaxValueValidator(Decimal("50"))],
}


class UnitDocumentSettings(models.Model):
    """How a unit's documents are headed and signed; a form before each export can override."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="document_settings"
    )
    admin_issuing_body = models.TextField(
        _("cơ quan ban hành (văn bản hành chính)"),
        help_text=_("Mỗi dòng một dòng in hoa, ví dụ: ỦY BAN NHÂN DÂN / XÃ BA THÀNH."),
    )
    admin_signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=100, default="TM. ỦY BAN NHÂN DÂN"
    )
    admin_signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    admin_signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    party_superior_body = models.CharField(
        _("cấp ủy cấp trên (văn bản của Đảng)"),
        max_length=150,
        blank=True,
        help_text=_("Ví dụ: ĐẢNG BỘ TỈNH QUẢNG NGÃI."),
    )
    party_issuing_body = models.CharField(
        _("cấp ủy ban hành"), max_length=150, blank=True, help_text=_("Ví dụ: ĐẢNG ỦY XÃ BA THÀNH.")
    )
    party_signer_authority = models.CharField(
        _("thẩm quyền ký (Đảng)"), max_length=100, default="T/M BAN THƯỜNG VỤ"
    )
    party_signer_title = models.CharField(
        _("chức vụ người ký (Đảng)"), max_length=100, default="PHÓ BÍ THƯ THƯỜNG TRỰC"
    )
    party_signer_name = models.CharField(_("họ tên người ký (Đảng)"), max_length=100, blank=True)
    recipients = models.TextField(
        _("nơi nhận mặc định"), blank=True, help_text=_("Mỗi dòng một nơi nhận, ví dụ: Đảng ủy xã.")
    )
    margin_top = models.DecimalField(_("lề trên (mm)"), default=Decimal("20"), **MARGIN)
    margin_bottom = models.DecimalField(_("lề dưới (mm)"), default=Decimal("20"), **MARGIN)
    margin_left = models.DecimalField(_("lề trái (mm)"), default=Decimal("30"), **MARGIN)
    margin_right = models.DecimalField(_("lề phải (mm)"), default=Decimal("15"), **MARGIN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thiết lập văn bản của đơn vị")
        verbose_name_plural = _("thiết lập văn bản của đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    margin_top__gte=5, margin_bottom__gte=5, margin_left__gte=5, margin_right__gte=5
                ),
                name="docsettings_margins_sane",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class ReportTemplate(models.Model):
    """A Word file that replaces the built-in layout of one report kind."""

    kind = models.CharField(_("loại báo cáo"), max_length=50, unique=True)
    file = models.FileField(_("tệp mẫu Word"), upload_to="report-templates/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now=True)
    # The file's path is kept; replaced and removed layouts stay listed with who and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"
