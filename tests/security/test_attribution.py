"""Every change is attributable (issue 12, point 9): for each record whose changes matter, a
change made through the page (or the service, with its user) leaves a history row naming who,
when, and the value it replaced."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from criteria.models import Assignment
from dvcq.documents.custom_templates import template_save
from dvcq.documents.models import ReportTemplate, UnitDocumentSettings
from models_dvk.models import Appraisal, DvkModel, MemberScore
from models_dvk.services.rubrics import criteria_for
from scoring.models import CriterionResult, Deduction, ItemScore, Scorecard, Status
from scoring.selectors import item_scores
from scoring.services import transition
from tests.criteria.test_annex_import import seed_annex_docx
from tests.documents.test_export_views import _template_docx
from tests.dvk.test_appraisal import action, score_url, sheet
from tests.factories import UserFactory, score_all

D = Decimal


def newest(history):
    return history.order_by("-history_date", "-history_id").first()


def assert_recent(row, user):
    assert row.history_user == user
    assert timezone.now() - row.history_date < timedelta(minutes=5)


def _score(card, code) -> ItemScore:
    return next(s for s in item_scores(card) if s.item.code == code)


def _review_post(client, card, score, lines):
    data = {"version": score.version, "d-TOTAL_FORMS": len(lines), "d-INITIAL_FORMS": 0}
    for n, (points, reason) in enumerate(lines):
        data[f"d-{n}-points"], data[f"d-{n}-reason"] = points, reason
    return client.post(f"/cham-diem/{card.pk}/tham-dinh/{score.pk}/", data)


# --- scoring ----------------------------------------------------------------------------


def test_self_points_keep_who_changed_them_and_the_earlier_value(
    client,
    scorecard,
    compiler,
):
    score_all(scorecard, compiler)
    score = _score(scorecard, "1.1")
    client.force_login(compiler)
    data = {
        f"p-{score.pk}": "2,5",
        f"e-{score.pk}": "Đã có kế hoạch số 12/KH-UBND.",
        f"v-{score.pk}": score.version,
    }
    assert client.post(f"/cham-diem/{scorecard.pk}/", data).status_code == 302
    row = newest(ItemScore.history.filter(id=score.pk))
    assert_recent(row, compiler)
    assert row.self_points == D("2.50")
    assert row.prev_record.self_points == D("3.00")
    delta = row.diff_against(row.prev_record)
    assert {c.field for c in delta.changes} >= {"self_points", "explanation"}


def test_a_replaced_deduction_line_stays_in_the_history(client, in_review, reviewer):
    score = _score(in_review, "1.3")
    client.force_login(reviewer)
    assert _review_post(client, in_review, score, [("1,00", "Chưa sơ kết.")]).status_code == 302
    score.refresh_from_db()
    replaced = _review_post(client, in_review, score, [("0,50", "Sơ kết chậm.")])
    assert replaced.status_code == 302
    line = Deduction.objects.get(item_score=score)
    row = newest(line.history.all())
    assert_recent(row, reviewer)
    assert (row.prev_record.points, row.prev_record.reason) == (D("1.00"), "Chưa sơ kết.")
    # Removing every line: the removed line is kept as a "-" row naming the reviewer.
    score.refresh_from_db()
    assert _review_post(client, in_review, score, []).status_code == 302
    assert not Deduction.objects.filter(item_score=score).exists()
    gone = newest(Deduction.history.filter(item_score_id=score.pk))
    assert gone.history_type == "-"
    assert_recent(gone, reviewer)
    assert gone.reason == "Sơ kết chậm."


def test_reviewer_points_keep_who_changed_them_and_the_earlier_value(client, in_review, reviewer):
    score = _score(in_review, "2.1")
    before = score.review_points
    client.force_login(reviewer)
    _review_post(client, in_review, score, [("1,00", "Chậm ban hành văn bản.")])
    row = newest(ItemScore.history.filter(id=score.pk))
    assert_recent(row, reviewer)
    assert row.review_points == before - 1
    assert row.prev_record.review_points == before


def test_criterion_note_and_ruling_keep_who_and_the_earlier_value(client, in_review, reviewer):
    criterion = in_review.criteria.get(criterion__number=5)
    client.force_login(reviewer)
    url = f"/cham-diem/{in_review.pk}/nhan-xet/"
    note = f"note-{criterion.criterion_id}"
    client.post(url, {note: "Giải quyết đơn thư tốt."})
    client.post(url, {note: "Còn đơn thư tồn đọng.", "ineligible": "on", "reason": "Khiếu kiện."})
    row = newest(CriterionResult.history.filter(id=criterion.pk))
    assert_recent(row, reviewer)
    assert row.review_note == "Còn đơn thư tồn đọng."
    assert row.prev_record.review_note == "Giải quyết đơn thư tốt."
    ruling = newest(Scorecard.history.filter(id=in_review.pk))
    assert_recent(ruling, reviewer)
    assert ruling.ineligible and not ruling.prev_record.ineligible


def test_status_changes_name_who_moved_the_scorecard(scorecard, compiler, leader):
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    row = newest(Scorecard.history.filter(id=scorecard.pk))
    assert_recent(row, leader)
    assert (row.prev_record.status, row.status) == (Status.DRAFTING, Status.SUBMITTED)


# --- the assignment grid ------------------------------------------------------------------


def test_a_grid_edit_keeps_who_and_the_earlier_assignment(client, compiler, ba_thanh_round):
    from tests.criteria.test_round_grid import _grid_post, _open_row

    client.force_login(compiler)
    url = f"/ky-danh-gia/{ba_thanh_round.pk}/"
    response, assignment = _open_row(client, url, "3.1")
    old_deadline = assignment.deadline
    khoi_van = ba_thanh_round.unit.positions.get(name="Khối vận Đảng ủy")
    data = _grid_post(
        response, **{"form-0-deadline": "2025-09-30", "form-0-lead": [str(khoi_van.pk)]}
    )
    assert client.post(url, data).status_code == 302
    row = newest(Assignment.history.filter(id=assignment.pk))
    assert_recent(row, compiler)
    assert row.deadline == date(2025, 9, 30) and row.lead_names == "Khối vận Đảng ủy"
    assert row.prev_record.deadline == old_deadline
    assert row.prev_record.lead_names != "Khối vận Đảng ủy"


def test_an_annex_import_names_the_user_and_the_file(client, compiler, ba_thanh_round):
    from tests.criteria.test_round_grid import _grid_post, _open_row

    client.force_login(compiler)
    url = f"/ky-danh-gia/{ba_thanh_round.pk}/"
    response, _assignment = _open_row(client, url, "1.1")
    client.post(url, _grid_post(response, **{"form-0-deadline": "2025-09-30"}))
    preview = client.post(
        f"/ky-danh-gia/{ba_thanh_round.pk}/nhap-phu-luc/",
        {"file": SimpleUploadedFile("phu-luc-2025.docx", seed_annex_docx())},
    )
    client.post(
        f"/ky-danh-gia/{ba_thanh_round.pk}/nhap-phu-luc/xac-nhan/",
        {"token": preview.context["token"]},
    )
    assignment = ba_thanh_round.assignments.get(item__criterion__number=1, item__number=1)
    row = newest(assignment.history.all())
    assert_recent(row, compiler)
    assert row.history_change_reason == "Nhập phụ lục từ tệp phu-luc-2025.docx"
    assert row.deadline == date(2021, 11, 26)
    assert row.prev_record.deadline == date(2025, 9, 30)


# --- Dân vận khéo -----------------------------------------------------------------------


def test_a_model_edit_keeps_who_and_the_earlier_value(client, appraisal_model, party):
    client.force_login(party)
    data = {
        "participant": appraisal_model.participant_id,
        "name": "Hiến đất mở đường",
        "quantity": appraisal_model.quantity,
        "location": appraisal_model.location,
        "host": appraisal_model.host,
        "field": appraisal_model.field,
        "subject": appraisal_model.subject,
        "origin": appraisal_model.origin,
        "version": appraisal_model.version,
    }
    assert (
        client.post(reverse("dvk:model_edit", args=[appraisal_model.pk]), data).status_code == 302
    )
    row = newest(DvkModel.history.filter(id=appraisal_model.pk))
    assert_recent(row, party)
    assert (row.prev_record.name, row.name) == ("Hiến đất làm đường", "Hiến đất mở đường")


def test_a_sheet_entered_by_the_coordinator_names_the_coordinator(
    client,
    appraisal,
    party,
    leader,
):
    client.force_login(leader)
    assert client.post(score_url(appraisal), sheet(appraisal)).status_code == 302
    first = criteria_for(appraisal.rubric, appraisal.model)[0]
    client.force_login(party)
    changed = sheet(appraisal, **{f"c{first.number}": first.max_points - 1})
    assert client.post(score_url(appraisal, leader), changed).status_code == 302
    score = MemberScore.objects.get(appraisal=appraisal, member=leader, criterion=first)
    row = newest(score.history.all())
    assert_recent(row, party)  # who entered it
    assert row.member_id == leader.pk  # whose sheet it is
    assert (row.prev_record.points, row.points) == (first.max_points, first.max_points - 1)
    assert row.prev_record.history_user == leader


def test_appraisal_setup_and_conclusion_keep_who_and_the_earlier_values(
    client,
    appraisal,
    party,
    leader,
):
    client.force_login(party)
    setup = client.post(
        action(appraisal, "open"),
        {
            "members": [party.pk, leader.pk],
            "rubric": appraisal.rubric_id,
            "plan_number": "07-KH/ĐU",
            "plan_date": "06/09/2026",
            "report_received_on": "20/09/2026",
            "conference_on": "25/09/2026",
        },
    )
    assert setup.status_code == 302, setup.content.decode()[:3000]
    row = newest(Appraisal.history.filter(id=appraisal.pk))
    assert_recent(row, party)
    assert row.plan_number == "07-KH/ĐU"
    assert any(r.plan_number == "05-KH/ĐU" for r in Appraisal.history.filter(id=appraisal.pk))
    assert row.member_names == "; ".join(sorted([str(party), str(leader)]))
    for user in (leader, party):
        client.force_login(user)
        client.post(score_url(appraisal), sheet(appraisal))
    concluded = client.post(
        action(appraisal, "conclude"),
        {
            "minutes": "Thống nhất.",
            "notice_number": "12-TB/ĐU",
            "notice_date": "26/09/2026",
        },
    )
    assert concluded.status_code == 302
    row = newest(Appraisal.history.filter(id=appraisal.pk))
    assert_recent(row, party)
    assert (row.prev_record.passed, row.passed) == (None, True)
    assert row.prev_record.notice_number == "" and row.notice_number == "12-TB/ĐU"


# --- documents --------------------------------------------------------------------------


def test_document_settings_keep_who_and_the_earlier_value(client, compiler, ba_thanh):
    client.force_login(compiler)

    def post(**changes):
        form = client.get("/van-ban/thiet-lap/").context["form"]
        data = {n: form.initial.get(n, f.initial) or "" for n, f in form.fields.items()}
        data.update(changes)
        assert client.post("/van-ban/thiet-lap/", data).status_code == 302

    post(admin_signer_name="Lê Văn Ký")
    post(admin_signer_name="Trần Thị Ký")
    settings = UnitDocumentSettings.objects.get(unit=ba_thanh)
    row = newest(settings.history.all())
    assert_recent(row, compiler)
    assert (row.prev_record.admin_signer_name, row.admin_signer_name) == (
        "Lê Văn Ký",
        "Trần Thị Ký",
    )


def test_a_replaced_custom_template_keeps_who_and_the_earlier_file(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(unit=None, is_superuser=True, is_staff=True)
    other = UserFactory(unit=None, is_superuser=True, is_staff=True)
    template_save(
        kind="annex", upload=SimpleUploadedFile("mau-1.docx", _template_docx()), user=admin
    )
    template_save(
        kind="annex", upload=SimpleUploadedFile("mau-2.docx", _template_docx()), user=other
    )
    stored = ReportTemplate.objects.get(kind="annex")
    row = newest(stored.history.all())
    assert_recent(row, other)
    assert (row.prev_record.original_name, row.original_name) == ("mau-1.docx", "mau-2.docx")
    assert row.prev_record.history_user == admin


# --- evidence, outside a request -----------------------------------------------------------


def test_evidence_services_name_their_user_outside_a_request(
    item_4_3, officer, compiler, settings, tmp_path
):
    """A record filed, replaced, judged and deleted by the services alone (as a job, a command
    or the demo's seed does, with no request to name the user) keeps who did each step."""
    from evidence.services import file_add, file_replace, record_create, record_delete, review_set
    from tests.evidence import files

    settings.MEDIA_ROOT = tmp_path
    record = record_create(
        assignment=item_4_3,
        user=officer,
        number="12/KH-UBND",
        issued_on=date(2025, 3, 2),
        issuer="UBND xã Ba Thành",
        summary="Kế hoạch tuyên truyền",
    )
    first = file_add(
        record=record, upload=SimpleUploadedFile("a.pdf", files.pdf("ke hoach")), user=officer
    ).file
    second = file_replace(
        old=first, upload=SimpleUploadedFile("b.pdf", files.pdf("ke hoach moi")), user=compiler
    )
    review = review_set(assignment=item_4_3, user=compiler, status="accepted", comment="")
    record_delete(record=record, user=compiler)

    assert_recent(record.history.earliest("history_date"), officer)
    assert_recent(newest(record.history), compiler)
    assert_recent(first.history.earliest("history_date"), officer)
    assert_recent(newest(first.history), compiler)  # the row that points to its replacement
    assert_recent(newest(second.history), compiler)
    assert_recent(newest(review.history), compiler)
