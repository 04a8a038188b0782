"""Demo data for `make run` and for trying the app; safe to load again and again."""

from dataclasses import dataclass

from django.db import transaction

from dvcq.org.models import Position, Role, RoleGrant, Unit, UnitKind, User
from dvcq.org.services import unit_add_default_positions

DEMO_PASSWORD = "dvcq-demo-2025"

PROVINCE = {
    "code": "quang-ngai",
    "name": "Tỉnh Quảng Ngãi",
    "official_name": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    "place_name": "Quảng Ngãi",
    "kind": UnitKind.PROVINCE,
}
LOCAL_UNITS = [
    {
        "code": "ba-thanh",
        "name": "Xã Ba Thành",
        "official_name": "ỦY BAN NHÂN DÂN XÃ BA THÀNH",
        "place_name": "Ba Thành",
        "kind": UnitKind.COMMUNE,
    },
    {
        "code": "an-phu",
        "name": "Xã An Phú",
        "official_name": "ỦY BAN NHÂN DÂN XÃ AN PHÚ",
        "place_name": "An Phú",
        "kind": UnitKind.COMMUNE,
    },
    {
        "code": "son-tinh",
        "name": "Xã Sơn Tịnh",
        "official_name": "ỦY BAN NHÂN DÂN XÃ SƠN TỊNH",
        "place_name": "Sơn Tịnh",
        "kind": UnitKind.COMMUNE,
    },
    {
        "code": "cam-thanh",
        "name": "Phường Cẩm Thành",
        "official_name": "ỦY BAN NHÂN DÂN PHƯỜNG CẨM THÀNH",
        "place_name": "Cẩm Thành",
        "kind": UnitKind.WARD,
    },
    {
        "code": "ly-son",
        "name": "Đặc khu Lý Sơn",
        "official_name": "ỦY BAN NHÂN DÂN ĐẶC KHU LÝ SƠN",
        "place_name": "Lý Sơn",
        "kind": UnitKind.SPECIAL_ZONE,
    },
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit_code: str | None
    roles: tuple[str, ...]
    positions: tuple[str, ...] = ()
    superuser: bool = False

    @property
    def description(self) -> str:
        if self.superuser:
            return "Quản trị hệ thống"
        return ", ".join(str(Role(role).label) for role in self.roles)


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", None, (), superuser=True),
    DemoAccount("tinh.danhgia", "Trần Thị Thẩm Định", "quang-ngai", (Role.REVIEWER,)),
    DemoAccount(
        "bathanh.vanphong",
        "Nguyễn Văn Tổng Hợp",
        "ba-thanh",
        (Role.COMPILER,),
        ("Công chức Văn phòng - Thống kê",),
    ),
    DemoAccount("bathanh.lanhdao", "Phạm Văn Chủ Tịch", "ba-thanh", (Role.LEADER,)),
    DemoAccount(
        "bathanh.canbo",
        "Lê Thị Văn Hóa",
        "ba-thanh",
        (Role.OFFICER,),
        ("Công chức Văn hóa - Xã hội",),
    ),
    DemoAccount(
        "bathanh.xaydungdang", "Đinh Văn Khối Vận", "ba-thanh", (Role.PARTY,), ("Khối vận Đảng ủy",)
    ),
    DemoAccount(
        "anphu.vanphong",
        "Võ Thị An",
        "an-phu",
        (Role.COMPILER,),
        ("Công chức Văn phòng - Thống kê",),
    ),
]


@transaction.atomic
def org_seed() -> list[DemoAccount]:
    province, _ = Unit.objects.update_or_create(code=PROVINCE["code"], defaults=PROVINCE)
    for data in LOCAL_UNITS:
        unit, _ = Unit.objects.update_or_create(
            code=data["code"], defaults={**data, "parent": province}
        )
        unit_add_default_positions(unit=unit)

    for account in DEMO_ACCOUNTS:
        unit = Unit.objects.get(code=account.unit_code) if account.unit_code else None
        user, _ = User.objects.update_or_create(
            username=account.username,
            defaults={
                "full_name": account.full_name,
                "unit": unit,
                "is_superuser": account.superuser,
                "is_staff": account.superuser,
                "is_active": True,
                # An example address (RFC 2606), so that reminders and invitations on the demo
                # send mail (printed on the console by default).
                "email": f"{account.username}@dvcq.example",
            },
        )
        # The printed demo password must always work, so it is reset on every run.
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.positions.set(Position.objects.filter(unit=unit, name__in=account.positions))
        user.role_grants.exclude(role__in=account.roles).delete()
        for role in account.roles:
            RoleGrant.objects.get_or_create(user=user, role=role)
    return DEMO_ACCOUNTS
