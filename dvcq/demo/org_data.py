"""Demo data for `make run` and for trying the app; safe to load again and again."""

from dataclasses import dataclass

from django.db import transaction

from dvcq.documents.models import UnitDocumentSettings
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


# Ba Thành's district until the 2025 reform (seed 001: "huyện chấm", "gửi về Phòng Nội vụ"):
# it reviewed the commune's 2024 result, so that round's documents name it. Kept inactive.
DISTRICT = {
    "code": "ba-to",
    "name": "Huyện Ba Tơ",
    "official_name": "ỦY BAN NHÂN DÂN HUYỆN BA TƠ",
    "place_name": "Ba Tơ",
    "kind": UnitKind.DISTRICT,
    "is_active": False,
}

# How each unit heads and signs its documents: a named signer and the full "Nơi nhận", as
# the offices' own papers have them (seed 004 lists eight recipients under a named signer).
# The names are made up for the demo.
_COMMUNE_RECIPIENTS = [
    "UBND tỉnh Quảng Ngãi (b/c)",
    "Sở Nội vụ tỉnh Quảng Ngãi",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Thường trực Đảng ủy xã",
    "Thường trực HĐND xã",
    "Chủ tịch, các Phó Chủ tịch UBND xã",
    "Ủy ban MTTQ Việt Nam xã",
    "Các ban, ngành, đoàn thể xã",
    "Lưu: VT, VP",
]
DOCUMENT_SETTINGS = {
    "quang-ngai": {
        "admin_issuing_body": "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI",
        "admin_signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "admin_signer_title": "CHỦ TỊCH",
        "admin_signer_name": "Trần Minh Đức",
        "party_superior_body": "",
        "party_issuing_body": "TỈNH ỦY QUẢNG NGÃI",
        "party_signer_name": "Nguyễn Văn Bình",
        "recipients": [
            "Ban Tuyên giáo và Dân vận Tỉnh ủy",
            "Thường trực HĐND tỉnh",
            "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
            "Sở Nội vụ",
            "Ủy ban MTTQ Việt Nam tỉnh",
            "UBND các xã, phường, đặc khu",
            "Đảng ủy các xã, phường, đặc khu",
            "VPUB: CVP, PCVP",
            "Lưu: VT, NC",
        ],
    },
    "ba-to": {
        "admin_issuing_body": "ỦY BAN NHÂN DÂN\nHUYỆN BA TƠ",
        "admin_signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "admin_signer_title": "CHỦ TỊCH",
        "admin_signer_name": "Lê Văn Hòa",
        "party_superior_body": "ĐẢNG BỘ TỈNH QUẢNG NGÃI",
        "party_issuing_body": "HUYỆN ỦY BA TƠ",
        "party_signer_name": "Phạm Thị Lan",
        "recipients": [
            "UBND tỉnh Quảng Ngãi (b/c)",
            "Ban Dân vận Tỉnh ủy",
            "Sở Nội vụ tỉnh",
            "Thường trực Huyện ủy",
            "Thường trực HĐND huyện",
            "Ban Dân vận Huyện ủy",
            "Phòng Nội vụ huyện",
            "UBND các xã, thị trấn",
            "Lưu: VT",
        ],
    },
    "ba-thanh": {"admin_signer_name": "Phạm Ngọc Thành", "party_signer_name": "Đinh Văn Khải"},
    "an-phu": {"admin_signer_name": "Võ Thanh Tùng", "party_signer_name": "Nguyễn Văn Lộc"},
    "son-tinh": {"admin_signer_name": "Nguyễn Thị Hạnh", "party_signer_name": "Trương Văn Dũng"},
    "cam-thanh": {"admin_signer_name": "Huỳnh Văn Tâm", "party_signer_name": "Lê Thị Mai"},
    "ly-son": {"admin_signer_name": "Lê Quang Vinh", "party_signer_name": "Phạm Văn Sơn"},
}


def _settings_seed(unit: Unit) -> None:
    """The unit's document settings as DOCUMENT_SETTINGS gives them; a local unit gets the
    commune's list with its own level word ("phường", "đặc khu")."""
    data = dict(DOCUMENT_SETTINGS[unit.code])
    if "admin_issuing_body" not in data:
        prefix = "ỦY BAN NHÂN DÂN"
        data["admin_issuing_body"] = f"{prefix}\n{unit.official_name.removeprefix(prefix).strip()}"
        data["party_superior_body"] = "ĐẢNG BỘ TỈNH QUẢNG NGÃI"
        data["party_issuing_body"] = f"ĐẢNG ỦY {unit.name.upper()}"
        word = {UnitKind.WARD: "phường", UnitKind.SPECIAL_ZONE: "đặc khu"}.get(unit.kind, "xã")
        data["recipients"] = [line.replace(" xã", f" {word}") for line in _COMMUNE_RECIPIENTS]
    data["recipients"] = "\n".join(data["recipients"])
    UnitDocumentSettings.objects.update_or_create(unit=unit, defaults=data)


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
    _settings_seed(province)
    district, _ = Unit.objects.update_or_create(
        code=DISTRICT["code"], defaults={**DISTRICT, "parent": province}
    )
    _settings_seed(district)
    for data in LOCAL_UNITS:
        unit, _ = Unit.objects.update_or_create(
            code=data["code"], defaults={**data, "parent": province}
        )
        unit_add_default_positions(unit=unit)
        _settings_seed(unit)

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
