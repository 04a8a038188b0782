from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dvcq.org.models import Role
from evidence.models import Notification
from models_dvk.permissions import may_open_campaigns
from scoring.permissions import may_use_dashboard


@dataclass
class NavEntry:
    """One menu entry, or a group of them (`entries`) shown as a dropdown."""

    label: str
    url: str = ""
    entries: list["NavEntry"] = field(default_factory=list)
    active: bool = False


def _menu(path: str, *groups: tuple[str, list[tuple[str, str]]]) -> list[NavEntry]:
    """Groups of (label, url) as menu entries: a group left with one entry is that entry, so
    nobody opens a dropdown to find a single link; an empty group is dropped."""
    menu = []
    for label, links in groups:
        entries = [NavEntry(text, url, active=url == path) for text, url in links]
        if len(entries) == 1:
            menu.append(entries[0])
        elif entries:
            menu.append(NavEntry(label, entries=entries, active=any(e.active for e in entries)))
    return menu


def navigation(request):
    """The main menu: each role sees the entries it can use (views still check on their own),
    grouped by job so the whole menu fits one line from 1280 px up."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "unread_count": 0}
    assessment, units, dvk, admin = [], [], [], []
    if user.unit_id or user.is_superuser:
        assessment.append((_("Phân công"), reverse("criteria:round_list")))
        assessment.append((_("Chấm điểm"), reverse("scoring:list")))
    if may_use_dashboard(user):
        assessment.append((_("Tổng hợp chấm điểm"), reverse("scoring:dashboard")))
    if user.unit_id or user.is_superuser:
        assessment.append((_("Khung tiêu chí"), reverse("criteria:framework_list")))
        assessment.append((_("Tìm minh chứng"), reverse("reading:search")))
    if may_open_campaigns(user):
        dvk.append((_("Dân vận khéo"), reverse("dvk:campaign_list")))
    if user.unit_id:
        units.append((_("Đơn vị của tôi"), reverse("org:unit_detail", args=[user.unit.code])))
    if user.is_superuser or user.has_role(Role.REVIEWER):
        units.append((_("Đơn vị trực thuộc"), reverse("org:unit_list")))
    if user.unit_id and user.has_role(Role.COMPILER):
        admin.append((_("Thiết lập văn bản"), reverse("documents:settings")))
    if user.is_superuser:
        admin.append((_("Mẫu văn bản"), reverse("documents:templates")))
    if user.is_staff:
        admin.append((_("Quản trị dữ liệu"), reverse("admin:index")))
    items = _menu(
        request.path,
        ("", [(_("Trang chủ"), reverse("home"))]),
        (_("Đánh giá"), assessment),
        ("", dvk),
        (_("Đơn vị"), units),
        (_("Quản trị"), admin),
    )
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"nav_items": items, "unread_count": unread}
