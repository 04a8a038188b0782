from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dvcq.org.models import Role
from evidence.models import Notification
from models_dvk.permissions import may_open_campaigns
from scoring.permissions import may_use_dashboard


def navigation(request):
    """The main menu: each role sees the entries it can use (views still check on their own)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "unread_count": 0}
    items = [(_("Trang chủ"), reverse("home"))]
    if user.unit_id or user.is_superuser:
        items.append((_("Phân công"), reverse("criteria:round_list")))
        items.append((_("Khung tiêu chí"), reverse("criteria:framework_list")))
    if user.unit_id or user.is_superuser:
        items.append((_("Chấm điểm"), reverse("scoring:list")))
    if user.is_superuser or user.has_role(Role.REVIEWER):
        items.append((_("Đơn vị trực thuộc"), reverse("org:unit_list")))
    if may_use_dashboard(user):
        items.append((_("Tổng hợp chấm điểm"), reverse("scoring:dashboard")))
    if may_open_campaigns(user):
        items.append((_("Dân vận khéo"), reverse("dvk:campaign_list")))
    if user.unit_id:
        items.append((_("Đơn vị của tôi"), reverse("org:unit_detail", args=[user.unit.code])))
    if user.unit_id and user.has_role(Role.COMPILER):
        items.append((_("Thiết lập văn bản"), reverse("documents:settings")))
    if user.is_superuser:
        items.append((_("Mẫu văn bản"), reverse("documents:templates")))
    if user.is_staff:
        items.append((_("Quản trị"), reverse("admin:index")))
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"nav_items": items, "unread_count": unread}
