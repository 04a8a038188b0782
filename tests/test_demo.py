from django.core.management import call_command

from criteria.models import AssessmentRound
from dvcq.demo.org_data import DEMO_ACCOUNTS, DEMO_PASSWORD
from dvcq.org.models import Position, RoleGrant, Unit, User
from evidence.models import EvidenceRecord
from models_dvk.models import DvkModel
from scoring.models import Scorecard

MODELS = [Unit, Position, User, RoleGrant, AssessmentRound, EvidenceRecord, Scorecard, DvkModel]


def test_seed_demo_can_run_again_without_duplicates(demo, capsys):
    """The demo world is seed_demo's first run; a second run adds nothing."""
    counts = [model.objects.count() for model in MODELS]
    call_command("seed_demo")
    assert [model.objects.count() for model in MODELS] == counts
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "bathanh.canbo" in out


def test_demo_units_form_the_province_tree(demo):
    province = Unit.objects.get(code="quang-ngai")
    below = set(Unit.objects.below(province).values_list("code", flat=True))
    assert {"ba-thanh", "an-phu", "son-tinh"} <= below
    ba_thanh = Unit.objects.get(code="ba-thanh")
    assert ba_thanh.official_name == "ỦY BAN NHÂN DÂN XÃ BA THÀNH"
    assert ba_thanh.positions.filter(name="Khối vận Đảng ủy").exists()


def test_every_demo_account_logs_in_with_the_shared_password(client, demo):
    for account in DEMO_ACCOUNTS:
        # Through the login form: django-axes needs the request that client.login() lacks.
        response = client.post(
            "/tai-khoan/dang-nhap/", {"username": account.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.username
        assert client.session["_auth_user_id"] == str(
            User.objects.get(username=account.username).pk
        )
        client.logout()
    officer = User.objects.get(username="bathanh.canbo")
    assert [p.name for p in officer.positions.all()] == ["Công chức Văn hóa - Xã hội"]
