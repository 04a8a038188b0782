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


def test_each_demo_record_carries_its_own_document(
    client, demo, django_capture_on_commit_callbacks
):
    """The 2024 records of Ba Thành each hold a file laid out from their own number, date and
    summary: read by the real reader, a file gives its record's fields, and the search finds a
    record by the words of its file alone (one shared file made the search find all seven)."""
    from dvcq.reading.models import ReadingStatus
    from dvcq.reading.services import files_read_again
    from evidence.models import EvidenceFile

    files = EvidenceFile.objects.filter(
        record__round__unit=demo.ba_thanh, record__round__framework__year=2024
    ).select_related("record")
    assert len(files) == 7 and len({f.sha256 for f in files}) == 7
    with django_capture_on_commit_callbacks(execute=True):
        files_read_again(files=files)
    for stored in files:
        reading, record = stored.reading, stored.record
        reading.refresh_from_db()
        assert reading.status == ReadingStatus.DONE, record.number
        assert (reading.number, reading.issued_on) == (record.number, record.issued_on)
        # The record's summary is the kind and the trích yếu; the reader reads them apart.
        assert record.summary == f"{reading.kind} {reading.summary[0].lower()}{reading.summary[1:]}"
    client.force_login(demo.compiler)

    def found(q: str) -> list[str]:
        response = client.get("/tim-kiem/", {"q": q})
        return sorted(hit.record.number for hit in response.context["hits"])

    # The plan of 2026's record (on "tuyên truyền") is no longer the file of every record.
    assert found("tuyen truyen") == ["12/KH-UBND"]
    # Words of some documents' bodies, not of any record's own fields.
    assert found("mat tran to quoc") == ["02/KH-UBND", "52/KH-UBND"]
    assert found("dieu 3 thi hanh") == ["05/QĐ-UBND", "15/QĐ-UBND", "31/QĐ-UBND"]
    assert found("tiep cong dan doi thoai") == ["52/KH-UBND"]


def test_seeded_records_name_the_officer_who_filed_them(demo):
    """The seed files through the services, with no request: the history still says who."""
    records = EvidenceRecord.objects.filter(round__unit=demo.ba_thanh)
    assert records.count() == 8
    for record in records:
        assert record.history.earliest("history_date").history_user == demo.officer
        assert record.files.get().history.earliest("history_date").history_user == demo.officer
