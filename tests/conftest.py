import shutil
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings

from dvcq.org.models import Role
from tests.factories import (
    CampaignFactory,
    ParticipantFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
    model_at_appraisal,
)


@pytest.fixture
def province(db):
    return ProvinceFactory(code="quang-ngai", name="Tỉnh Quảng Ngãi")


@pytest.fixture
def ba_thanh(province):
    return UnitFactory(code="ba-thanh", name="Xã Ba Thành", parent=province)


@pytest.fixture
def an_phu(province):
    return UnitFactory(code="an-phu", name="Xã An Phú", parent=province)


@pytest.fixture
def reviewer(province):
    return UserFactory(username="tinh.danhgia", unit=province, roles=[Role.REVIEWER])


@pytest.fixture
def compiler(ba_thanh):
    return UserFactory(username="bathanh.vanphong", unit=ba_thanh, roles=[Role.COMPILER])


@pytest.fixture
def other_compiler(an_phu):
    return UserFactory(username="anphu.vanphong", unit=an_phu, roles=[Role.COMPILER])


@pytest.fixture
def leader(ba_thanh):
    return UserFactory(
        username="bathanh.lanhdao", full_name="Phạm Văn Chủ Tịch", unit=ba_thanh,
        roles=[Role.LEADER],
    )  # fmt: skip


@pytest.fixture
def party(ba_thanh):
    """The Party committee's Dân vận khéo coordinator (Ban xây dựng Đảng)."""
    return UserFactory(
        username="bathanh.xaydungdang", full_name="Đinh Văn Khối Vận", unit=ba_thanh,
        roles=[Role.PARTY],
    )  # fmt: skip


@pytest.fixture
def officer(ba_thanh, ba_thanh_positions):
    """The officer of Công chức Văn hóa - Xã hội, who files Tiêu chí 4, Nội dung 3."""
    return UserFactory(
        username="bathanh.canbo",
        unit=ba_thanh,
        roles=[Role.OFFICER],
        positions=[ba_thanh_positions["Công chức Văn hóa - Xã hội"]],
    )


@pytest.fixture
def other_reviewer(db):
    """A reviewer of another province: sees nothing of Quảng Ngãi."""
    return UserFactory(
        username="khac.danhgia", unit=ProvinceFactory(code="kon-tum"), roles=[Role.REVIEWER]
    )


@pytest.fixture
def admin_user(db):
    """A system administrator (superuser) of no unit."""
    return UserFactory(username="quantri", unit=None, is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 on every factory user would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _jobs_run_in_the_request(settings):
    # Background jobs run at once, inside the request that starts them (django-tasks' immediate
    # backend); tests/jobs/test_worker.py runs one through a real `db_worker` process.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


@pytest.fixture
def framework_2025(province):
    """The shipped 2025 framework (seed 000) owned by the test province."""
    from criteria.services import framework_load_default

    return framework_load_default(owner=province)


@pytest.fixture
def ba_thanh_positions(ba_thanh):
    from dvcq.org.services import unit_add_default_positions

    return {p.name: p for p in unit_add_default_positions(unit=ba_thanh)}


@pytest.fixture
def ba_thanh_round(ba_thanh, framework_2025, ba_thanh_positions):
    """Ba Thành's 2025 round, its grid from the framework's default assignees (seed 000)."""
    from criteria.services import round_create

    return round_create(unit=ba_thanh, framework=framework_2025)


@pytest.fixture
def item_4_3(ba_thanh_round):
    """Tiêu chí 4, Nội dung 3: assigned to Công chức Văn hóa - Xã hội in seed 000."""
    return ba_thanh_round.assignments.get(item__criterion__number=4, item__number=3)


@pytest.fixture
def scorecard(ba_thanh_round):
    from scoring.services import scorecard_for_round

    return scorecard_for_round(ba_thanh_round)


@pytest.fixture
def submitted(scorecard, compiler, leader):
    """Every item self-scored at its maximum and submitted by the leader."""
    from scoring.services import transition
    from tests.factories import score_all

    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    return scorecard


@pytest.fixture
def in_review(submitted, reviewer):
    from scoring.services import transition

    transition(scorecard=submitted, user=reviewer, action="start_review")
    return submitted


@pytest.fixture
def member(ba_thanh):
    """The account of a member of Chi bộ thôn Vàng, who registers the cell's models."""
    return UserFactory(username="bathanh.hoivien", unit=ba_thanh, roles=[Role.OFFICER])


@pytest.fixture
def campaign_2025(ba_thanh, party):
    """Ba Thành's 2025 campaign: Chi bộ thôn Vàng and its one model, Hiến đất làm đường."""
    from models_dvk.services.registration import model_register

    campaign = CampaignFactory(unit=ba_thanh, year=2025, organiser="Đảng ủy xã Ba Thành")
    vang = ParticipantFactory(campaign=campaign, name="Chi bộ thôn Vàng")
    model_register(
        campaign=campaign,
        participant=vang,
        data={
            "name": "Hiến đất làm đường", "location": "Thôn Vàng", "host": "Chi bộ thôn Vàng",
            "field": "rural", "subject": "collective", "origin": "new", "quantity": 1,
        },
        user=party,
        on=date(2025, 2, 1),
    )  # fmt: skip
    return campaign


@pytest.fixture
def campaign(ba_thanh, campaign_2025, member):
    """Ba Thành's 2026 campaign, continuing 2025's, the shipped scoring sheets loaded: Chi bộ
    thôn Vàng (a party cell, `member` registers for it) and the commune's Farmers' Union."""
    from models_dvk.services.rubrics import rubrics_load_default

    rubrics_load_default()
    campaign = CampaignFactory(
        unit=ba_thanh, year=2026, organiser="Đảng ủy xã Ba Thành", previous=campaign_2025
    )
    ParticipantFactory(campaign=campaign, name="Chi bộ thôn Vàng", members=[member])
    ParticipantFactory(
        campaign=campaign, name="Hội Nông dân xã", kind="mass_org", is_party_org=False
    )
    return campaign


@pytest.fixture
def model(campaign, party):
    """A model of Chi bộ thôn Vàng registered by the coordinator on 01/02/2026 (Tủ sách nhân ái)."""
    from models_dvk.services.registration import model_register
    from tests.dvk.campaign_fixtures import model_data

    return model_register(
        campaign=campaign,
        participant=campaign.participants.get(name="Chi bộ thôn Vàng"),
        data=model_data(),
        user=party,
        on=date(2026, 2, 1),
    )


@pytest.fixture
def campaign_2026(demo):
    """Ba Thành's 2026 campaign of the demo world."""
    from models_dvk.models import Campaign

    return Campaign.objects.get(unit__code="ba-thanh", year=2026)


@pytest.fixture
def appraisal_model(campaign, party):
    return model_at_appraisal(campaign, party)


@pytest.fixture
def appraisal(appraisal_model, party, leader):
    """The model's appraisal opened by the coordinator, the team: coordinator and leader."""
    from models_dvk.services.appraisal import appraisal_open

    return appraisal_open(
        model=appraisal_model,
        user=party,
        members=[party, leader],
        plan_number="05-KH/ĐU",
        plan_date=date(2026, 9, 6),
        conference_on=date(2026, 9, 25),
        report_received_on=date(2026, 9, 20),
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache outlives a test: rate limits counted in one must not leak into the next.
    # Rendered documents too (the "documents" cache): each test renders its own.
    from django.core.cache import caches

    for store in caches.all():
        store.clear()
    yield
    for store in caches.all():
        store.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded and demo evidence files go to the test's own folder, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the demo world, seeded once per test session -----------------------------------------

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items):
    """Tests on the demo world run last: the world is seeded at its first use inside one
    transaction that stays open until the session ends, so every test that ran before it
    (on an empty database, or committing through a live server) never sees it."""
    items.sort(key=lambda item: "demo_world" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo's data, seeded once and rolled back at the end of the session; each test on
    it runs in a savepoint (pytest-django's `db`), so what a test changes is undone after it."""
    media = tmp_path_factory.mktemp("demo-media")
    from dvcq.demo.seed import demo_seed

    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS):
            demo_seed()
        yield media
        transaction.set_rollback(True)
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture
def demo(demo_world, db, settings):
    """The demo world for one test: its units and accounts by name, its evidence files on disk."""
    from dvcq.org.models import Unit, User
    from scoring.models import Scorecard
    from tests.factories import UserFactory

    settings.MEDIA_ROOT = demo_world
    users = User.objects.in_bulk(
        [
            "bathanh.vanphong",
            "bathanh.lanhdao",
            "bathanh.canbo",
            "bathanh.xaydungdang",
            "tinh.danhgia",
            "anphu.vanphong",
        ],
        field_name="username",
    )
    ba_thanh = Unit.objects.get(code="ba-thanh")

    def compiler_of(code: str):
        return UserFactory(unit=Unit.objects.get(code=code), roles=[Role.COMPILER])

    return SimpleNamespace(
        ba_thanh=ba_thanh,
        province=Unit.objects.get(code="quang-ngai"),
        compiler=users["bathanh.vanphong"],
        leader=users["bathanh.lanhdao"],
        officer=users["bathanh.canbo"],
        party=users["bathanh.xaydungdang"],
        reviewer=users["tinh.danhgia"],
        other_compiler=users["anphu.vanphong"],
        card_2024=Scorecard.objects.get(round__unit=ba_thanh, round__framework__year=2024),
        compiler_of=compiler_of,
    )
