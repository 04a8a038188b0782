"""The appraisal of a model through its pages: the team, the members' sheets, the pass rule,
the conference, the recognition decision; exemplars and their dossier."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from models_dvk.models import (
    Appraisal,
    MemberScore,
    Part,
    RubricKind,
    Step,
    Subject,
)
from models_dvk.services.appraisal import (
    aggregate,
    appraisal_conclude,
    appraisal_open,
    member_scores_save,
    recognition_record,
)
from models_dvk.services.exemplar import exemplar_nominate
from models_dvk.services.rubrics import criteria_for, rubric_for
from tests.factories import model_at_appraisal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sheet(appraisal, **points):
    """Every criterion at its max, except `c7=9` style overrides (by number)."""
    data = {}
    for c in criteria_for(appraisal.rubric, appraisal.model):
        value = points.get(f"c{c.number}", c.max_points)
        data[f"c-{c.pk}"] = str(value).replace(".", ",")
    return data


def score_url(appraisal, member=None):
    url = f"/dan-van-kheo/tham-dinh/{appraisal.pk}/cham/"
    return f"{url}?member={member.pk}" if member else url


def page(appraisal):
    return f"/dan-van-kheo/mo-hinh/{appraisal.model_id}/tham-dinh/"


def field_errors(response, name: str) -> str:
    """The errors shown beside the field `name` (empty when it has none)."""
    marker = f'id="id_{name}_error"'
    if marker not in response.text:
        return ""
    return response.text.split(marker)[1].split("</div>")[0]


def action(appraisal_or_model, name):
    """Each action of the appraisal page posts to its own URL."""
    pk = getattr(appraisal_or_model, "model_id", None) or appraisal_or_model.pk
    slug = {"open": "mo", "conclude": "ket-luan", "recognise": "quyet-dinh", "attach": "tai-lieu"}
    return f"/dan-van-kheo/mo-hinh/{pk}/tham-dinh/{slug[name]}/"


# --- opening -----------------------------------------------------------------------------


def test_coordinator_opens_the_appraisal_with_the_default_sheet_and_team(
    client, appraisal_model, party, leader
):
    client.force_login(party)
    url = f"/dan-van-kheo/mo-hinh/{appraisal_model.pk}/tham-dinh/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Phạm Văn Chủ Tịch" in response.text  # the people of the unit to choose from
    response = client.post(
        action(appraisal_model, "open"),
        {
            "rubric": rubric_for(2026).pk,
            "plan_number": "05-KH/ĐU",
            "plan_date": "06/09/2026",
            "conference_on": "25/09/2026",
            "report_received_on": "23/09/2026",
            "members": [party.pk, leader.pk],
        },
    )
    assert response.status_code == 302
    appraisal = appraisal_model.appraisal
    assert appraisal.rubric.kind == RubricKind.SHEET
    assert set(appraisal.members.all()) == {party, leader}
    text = client.get(url).text
    # Received 2 days before the conference: a warning, with the latest acceptable day.
    assert "chỉ 2 ngày trước hội nghị" in text
    assert 'data-testid="report-warning"' in text
    assert "chậm nhất ngày 22/09/2026" in text


def test_a_day_that_does_not_exist_is_refused_by_name(client, appraisal_model, party, leader):
    client.force_login(party)
    response = client.post(
        action(appraisal_model, "open"),
        {"conference_on": "31/11/2026", "members": [leader.pk]},
    )
    assert response.status_code == 400
    assert "Ngày 31/11/2026 không tồn tại." in field_errors(response, "conference_on")
    assert not Appraisal.objects.filter(model=appraisal_model).exists()


def test_the_checklist_rubric_scores_met_or_not(client, appraisal_model, party, leader):
    checklist = rubric_for(2026, RubricKind.CHECKLIST)
    appraisal = appraisal_open(
        model=appraisal_model, user=party, members=[leader], rubric=checklist
    )
    client.force_login(leader)
    response = client.get(score_url(appraisal))
    assert response.text.count('type="radio"') == 16  # 8 criteria × đạt / không đạt
    data = {f"c-{c.pk}": "1" for c in criteria_for(checklist, appraisal_model)}
    data[f"c-{criteria_for(checklist, appraisal_model)[2].pk}"] = "0"
    assert client.post(score_url(appraisal), data).status_code == 302
    outcome = aggregate(appraisal)
    assert outcome.passed is False
    assert outcome.reasons == ["Không đạt các tiêu chí: 3."]


# --- the sheet and the pass rule ---------------------------------------------------------


def test_the_sheet_shows_part_one_and_only_the_models_part_two_variant(client, appraisal, leader):
    client.force_login(leader)
    text = client.get(score_url(appraisal)).text
    assert "I. Các tiêu chí chung" in text
    assert "II.1. Mô hình do tập thể thực hiện" in text
    assert "II.2. Mô hình do cá nhân thực hiện" not in text
    assert text.count("dvk-points") == 15


def both_score(client, appraisal, party, leader, **points):
    client.force_login(leader)
    assert client.post(score_url(appraisal), sheet(appraisal, **points)).status_code == 302
    client.force_login(party)
    assert client.post(score_url(appraisal), sheet(appraisal, **points)).status_code == 302


def test_75_points_with_every_key_criterion_at_max_passes(client, appraisal, party, leader):
    # Key criteria 2, 7, 9, 11, 15 at max (40); 1, 3, 4, 5, 6, 8 at max (35); 10, 12–14 at 0.
    zeros = {"c10": 0, "c12": 0, "c13": 0, "c14": 0}
    both_score(client, appraisal, party, leader, **zeros)
    text = client.get(page(appraisal)).text
    assert aggregate(appraisal).total == Decimal("75.00")
    assert 'data-testid="total">75,00' in text
    assert "Không đạt" not in text.split('data-testid="verdict"')[1].split("</div></div>")[0]
    assert aggregate(appraisal).passed is True


def test_80_points_with_criterion_7_at_9_fails_with_that_reason(client, appraisal, party, leader):
    points = {"c7": "9", "c10": 0, "c12": 0, "c13": 0, "c14": 0, "c3": 10}
    # 100 − 1 (criterion 7) − 10 − 15 = 74 → raise to 80 by keeping 10 at 6.
    points["c10"] = 6
    both_score(client, appraisal, party, leader, **points)
    outcome = aggregate(appraisal)
    assert outcome.total == Decimal("80.00")
    assert outcome.passed is False
    text = client.get(page(appraisal)).text
    assert "Tiêu chí 7 đạt 9,00/10,00 điểm, phải đạt điểm tối đa." in text


def test_74_5_points_fails_on_the_total(client, appraisal, party, leader):
    both_score(client, appraisal, party, leader, c10="0", c12=0, c13=0, c14=0, c1="4,5")
    outcome = aggregate(appraisal)
    assert outcome.total == Decimal("74.50")
    assert outcome.passed is False
    assert "Tổng điểm 74,50 thấp hơn 75,00 điểm." in client.get(page(appraisal)).text


def test_two_members_give_mean_median_and_a_visible_spread(client, appraisal, party, leader):
    client.force_login(leader)
    client.post(score_url(appraisal), sheet(appraisal, c3="8"))
    client.force_login(party)
    client.post(score_url(appraisal, party), sheet(appraisal, c3="10"))
    outcome = aggregate(appraisal)
    row = next(r for r in outcome.criteria if r.criterion.number == 3)
    assert (row.mean, row.median, row.spread) == (Decimal("9.00"), Decimal("9.00"), Decimal("2.00"))
    text = client.get(page(appraisal)).text
    line = text.split('data-testid="agg-I-3"')[1].split("</tr>")[0]
    assert "table-warning" in line.split(">")[0]  # the row is highlighted
    assert "8,00" in line and "10,00" in line and '<span class="badge text-bg-warning">2,00' in line
    assert outcome.total == Decimal("99.00")


def test_a_decimal_comma_is_accepted(client, appraisal, leader):
    client.force_login(leader)
    assert client.post(score_url(appraisal), sheet(appraisal, c1="4,25")).status_code == 302
    score = MemberScore.objects.get(member=leader, criterion__number=1, criterion__part="I")
    assert score.points == Decimal("4.25")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11", "Tiêu chí 2: 11,00 điểm vượt điểm tối đa 10,00."),
        ("-1", "Tiêu chí 2: điểm không được âm."),
        ("", "Tiêu chí 2: chưa có điểm."),
        ("mười", "“mười” không phải là số."),
    ],
)
def test_a_bad_score_is_refused_next_to_its_criterion_and_nothing_is_saved(
    client, appraisal, leader, value, message
):
    client.force_login(leader)
    response = client.post(score_url(appraisal), sheet(appraisal, c2=value))
    assert response.status_code == 400
    row = response.text.split('data-testid="criterion-2"')[1].split("</tr>")[0]
    assert message in row
    assert "Chưa lưu" in response.text
    assert not MemberScore.objects.filter(appraisal=appraisal).exists()


def test_the_other_part_two_variant_is_refused(client, appraisal, leader):
    client.force_login(leader)
    data = sheet(appraisal)
    wrong = appraisal.rubric.criteria.get(part=Part.INDIVIDUAL, number=12)
    data[f"c-{wrong.pk}"] = "5"
    response = client.post(score_url(appraisal), data)
    assert response.status_code == 400
    assert "Tiêu chí 12 thuộc phần II.2, nhưng mô hình do tập thể thực hiện" in response.text
    assert not MemberScore.objects.filter(appraisal=appraisal).exists()


def test_an_individual_model_scores_part_two_two(campaign, party, leader):
    model = model_at_appraisal(campaign, party, Subject.INDIVIDUAL, name="Ông Rơi trồng rừng")
    appraisal = appraisal_open(model=model, user=party, members=[leader])
    parts = {c.part for c in criteria_for(appraisal.rubric, model)}
    assert parts == {Part.GENERAL, Part.INDIVIDUAL}


# --- conference, recognition -------------------------------------------------------------


def test_conclude_before_every_member_scored_is_refused(client, appraisal, party, leader):
    client.force_login(leader)
    client.post(score_url(appraisal), sheet(appraisal))
    client.force_login(party)
    response = client.post(
        action(appraisal, "conclude"),
        {
            "minutes": "Thống nhất.",
            "notice_number": "12-TB/ĐU",
            "notice_date": "26/09/2026",
        },
    )
    assert response.status_code == 400
    assert "Chưa đủ phiếu chấm của các thành viên tổ thẩm định." in response.text
    appraisal.refresh_from_db()
    assert appraisal.passed is None


def test_conference_then_recognition_makes_the_model_recognised(client, appraisal, party, leader):
    both_score(client, appraisal, party, leader)
    response = client.post(
        action(appraisal, "conclude"),
        {
            "minutes": "Thống nhất đề nghị công nhận.",
            "notice_number": "12-TB/ĐU",
            "notice_date": "26/09/2026",
        },
    )
    assert response.status_code == 302
    # Once concluded, no member may change a sheet.
    client.force_login(leader)
    assert client.post(score_url(appraisal), sheet(appraisal)).status_code == 403
    client.force_login(party)
    response = client.post(
        action(appraisal, "recognise"),
        {"decision_number": "35-QĐ/ĐU", "decision_date": "10/10/2026"},
    )
    assert response.status_code == 302
    appraisal.model.refresh_from_db()
    assert appraisal.model.step == Step.RECOGNISED
    text = client.get(page(appraisal)).text
    assert "Được công nhận" in text and "35-QĐ/ĐU" in text


def test_documents_of_the_appraisal_are_attached_and_listed(client, appraisal, party):
    client.force_login(party)
    response = client.post(
        action(appraisal, "attach"),
        {
            "kind": "minutes",
            "title": "Biên bản hội nghị thẩm định",
            "file": SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = appraisal.model.documents.get()
    assert document.kind == "minutes"
    assert f"/dan-van-kheo/tai-lieu/{document.pk}/" in client.get(page(appraisal)).text


# --- exemplars ---------------------------------------------------------------------------


def recognised(appraisal, party, leader):
    for member in (party, leader):
        member_scores_save(
            appraisal=appraisal,
            user=party,
            member=member,
            scores={
                c.pk: (c.max_points, None) for c in criteria_for(appraisal.rubric, appraisal.model)
            },
        )
    appraisal_conclude(
        appraisal=appraisal,
        user=party,
        minutes="Đạt.",
        notice_number="1",
        notice_date=date(2026, 9, 26),
    )
    return recognition_record(
        appraisal=appraisal, user=party, number="35-QĐ/ĐU", on=date(2026, 9, 30)
    )


def test_an_exemplar_only_comes_from_a_recognised_model(client, campaign, appraisal_model, party):
    url = f"/dan-van-kheo/{campaign.pk}/dien-hinh/"
    client.force_login(party)
    assert 'data-testid="no-recognised"' in client.get(url).text
    response = client.post(
        f"{url}de-nghi/",
        {
            "model": appraisal_model.pk,
            "name": "Chi bộ thôn Vàng",
            "nominated_on": "01/10/2026",
        },
    )
    assert response.status_code == 400
    assert "Chỉ đề nghị điển hình từ mô hình đã được công nhận." in response.text
    with pytest.raises(ValidationError):
        exemplar_nominate(model=appraisal_model, user=party, name="X", on=date(2026, 10, 1))


def test_nominate_then_the_dossier_shows_what_is_missing(
    client, campaign, appraisal, party, leader
):
    recognised(appraisal, party, leader)
    url = f"/dan-van-kheo/{campaign.pk}/dien-hinh/"
    client.force_login(party)
    response = client.post(
        f"{url}de-nghi/",
        {
            "model": appraisal.model_id,
            "name": "Ông Đinh Văn A",
            "nominated_on": "01/10/2026",
            "is_leader": "on",
        },
    )
    assert response.status_code == 400
    assert "phải đạt thêm các tiêu chí đối với lãnh đạo" in response.text
    response = client.post(
        f"{url}de-nghi/",
        {
            "model": appraisal.model_id,
            "name": "Chi bộ thôn Vàng",
            "nominated_on": "01/10/2026",
        },
    )
    assert response.status_code == 302
    exemplar = campaign.exemplars.get()
    text = client.get(url).text
    assert "Hồ sơ thiếu 5 thành phần" in text
    assert text.count("Còn thiếu") == 5
    assert "Báo cáo thành tích" in text and ">3<" in text  # three bound copies
    item = exemplar.dossier.get(kind="minutes")
    response = client.post(
        f"{url}ho-so/{item.pk}/",
        {
            "file": SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.document is not None and item.document.kind == "minutes"
    text = client.get(url).text
    assert "Hồ sơ thiếu 4 thành phần" in text
    response = client.post(
        f"{url}{exemplar.pk}/cong-nhan/",
        {
            "recognised_number": "40-QĐ/ĐU",
            "recognised_on": "15/10/2026",
        },
    )
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.recognised_number == "40-QĐ/ĐU" and exemplar.recognised_on == date(2026, 10, 15)


# --- access --------------------------------------------------------------------------------


def test_another_commune_sees_none_of_it(client, campaign, appraisal, other_compiler):
    client.force_login(other_compiler)
    for url in (
        page(appraisal),
        score_url(appraisal),
        f"/dan-van-kheo/{campaign.pk}/dien-hinh/",
        f"/dan-van-kheo/{campaign.pk}/chi-tieu/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        *(action(appraisal, name) for name in ("open", "conclude", "recognise", "attach")),
        score_url(appraisal),
        f"/dan-van-kheo/{campaign.pk}/dien-hinh/de-nghi/",
    ):
        assert client.post(url, {}).status_code == 404, url


def test_a_non_member_cannot_score(client, appraisal, compiler):
    client.force_login(compiler)  # same commune, not on the team
    assert client.get(score_url(appraisal)).status_code == 403
    assert client.post(score_url(appraisal), sheet(appraisal)).status_code == 403
    assert client.post(action(appraisal, "conclude"), {}).status_code == 403


def test_a_member_cannot_enter_another_members_sheet(client, appraisal, party, leader):
    client.force_login(leader)
    assert client.get(score_url(appraisal, party)).status_code == 403
    assert client.post(score_url(appraisal, party), sheet(appraisal)).status_code == 403
    assert not MemberScore.objects.exists()


def test_the_coordinator_enters_a_members_paper_sheet(client, appraisal, party, leader):
    client.force_login(party)
    response = client.get(score_url(appraisal, leader))
    assert "Nhập phiếu chấm giấy của Phạm Văn Chủ Tịch." in response.text
    assert client.post(score_url(appraisal, leader), sheet(appraisal)).status_code == 302
    assert MemberScore.objects.filter(member=leader).count() == 15


def test_the_reviewer_reads_but_cannot_write(client, campaign, appraisal, reviewer, party):
    client.force_login(reviewer)
    text = client.get(page(appraisal)).text
    assert 'data-testid="aggregate"' in text
    assert 'data-testid="open-form"' not in text and 'data-testid="attach-form"' not in text
    assert client.post(action(appraisal, "open"), {}).status_code == 403
    assert client.get(score_url(appraisal)).status_code == 403
    url = f"/dan-van-kheo/{campaign.pk}/dien-hinh/"
    assert client.get(url).status_code == 200
    assert 'data-testid="nominate-form"' not in client.get(url).text
    assert client.post(f"{url}de-nghi/", {}).status_code == 403


def test_appraisal_page_queries_are_bounded(
    client, appraisal, party, leader, django_assert_max_num_queries
):
    both_score(client, appraisal, party, leader)
    with django_assert_max_num_queries(22):
        assert client.get(page(appraisal)).status_code == 200


# --- dates in order, every error at once ---------------------------------------------------


def test_plan_and_report_after_the_conference_are_refused_together(
    client, appraisal_model, party, leader
):
    client.force_login(party)
    response = client.post(
        action(appraisal_model, "open"),
        {
            "plan_date": "20/10/2026",
            "conference_on": "05/10/2026",
            "report_received_on": "10/10/2026",
            "members": [leader.pk],
        },
    )
    assert response.status_code == 400
    assert "Ngày kế hoạch thẩm định (20/10/2026) không được sau ngày hội nghị (05/10/2026)." in (
        response.text
    )
    assert "Ngày tổ thẩm định nhận báo cáo (10/10/2026) không được sau ngày hội nghị" in (
        response.text
    )
    assert not Appraisal.objects.filter(model=appraisal_model).exists()
    with pytest.raises(ValidationError):
        appraisal_open(
            model=appraisal_model,
            user=party,
            members=[leader],
            conference_on=date(2026, 10, 5),
            report_received_on=date(2026, 10, 10),
        )


def page_of(model):
    return f"/dan-van-kheo/mo-hinh/{model.pk}/tham-dinh/"


@pytest.mark.parametrize("bad_day", ["31/11/2026", "abc"])
def test_a_bad_notice_date_is_named_not_a_server_error(client, appraisal, party, leader, bad_day):
    both_score(client, appraisal, party, leader)
    response = client.post(
        action(appraisal, "conclude"),
        {
            "minutes": "Đạt.",
            "notice_number": "15-TB/ĐU",
            "notice_date": bad_day,
        },
    )
    assert response.status_code == 400
    assert bad_day in field_errors(response, "notice_date")
    appraisal.refresh_from_db()
    assert appraisal.passed is None and appraisal.notice_number == ""


def test_an_empty_conclusion_lists_every_missing_part(client, appraisal, party, leader):
    both_score(client, appraisal, party, leader)
    response = client.post(action(appraisal, "conclude"), {})
    assert response.status_code == 400
    for message in (
        "Biên bản hội nghị: chưa ghi.",
        "Số thông báo kết quả: chưa ghi.",
        "Ngày thông báo kết quả: chưa ghi.",
    ):
        assert message in response.text


def test_notice_and_decision_cannot_come_before_the_conference(client, appraisal, party, leader):
    both_score(client, appraisal, party, leader)
    conclusion = {"minutes": "Đạt.", "notice_number": "15-TB/ĐU"}
    response = client.post(
        action(appraisal, "conclude"), {**conclusion, "notice_date": "15/09/2026"}
    )
    assert response.status_code == 400
    assert "Ngày thông báo kết quả (15/09/2026) không được trước ngày hội nghị (25/09/2026)." in (
        response.text
    )
    assert (
        client.post(
            action(appraisal, "conclude"), {**conclusion, "notice_date": "26/09/2026"}
        ).status_code
        == 302
    )
    response = client.post(action(appraisal, "recognise"), {})
    assert response.status_code == 400
    assert "Số quyết định công nhận: chưa ghi." in response.text
    assert "Ngày quyết định: chưa ghi." in response.text
    response = client.post(
        action(appraisal, "recognise"),
        {"decision_number": "35-QĐ/ĐU", "decision_date": "01/09/2026"},
    )
    assert response.status_code == 400
    assert "Ngày quyết định (01/09/2026) không được trước ngày thông báo kết quả thẩm định" in (
        response.text
    )
    appraisal.model.refresh_from_db()
    assert appraisal.model.step == Step.APPRAISING


def test_every_wrong_criterion_is_shown_at_once(client, appraisal, leader):
    client.force_login(leader)
    response = client.post(score_url(appraisal), sheet(appraisal, c1="6", c2="-1", c3="abc", c4=""))
    assert response.status_code == 400

    def row(n):
        return response.text.split(f'data-testid="criterion-{n}"')[1].split("</tr>")[0]

    assert "Tiêu chí 1: 6,00 điểm vượt điểm tối đa 5,00." in row(1)
    assert "Tiêu chí 2: điểm không được âm." in row(2)
    assert "“abc” không phải là số." in row(3)
    assert "Tiêu chí 4: chưa có điểm." in row(4)
    assert not MemberScore.objects.filter(appraisal=appraisal).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("4,999", "Tiêu chí 15: điểm ghi tối đa hai chữ số thập phân (đã ghi 4,999)."),
        ("5,001", "Tiêu chí 15: điểm ghi tối đa hai chữ số thập phân (đã ghi 5,001)."),
        ("1e1", "“1e1” không phải là số."),
    ],
)
def test_points_are_not_rounded_into_a_pass(client, appraisal, leader, value, message):
    # Criterion 15 must reach its maximum: 4,999 must not become 5,00.
    client.force_login(leader)
    response = client.post(score_url(appraisal), sheet(appraisal, c15=value))
    assert response.status_code == 400
    assert message in response.text
    assert not MemberScore.objects.filter(appraisal=appraisal).exists()


def test_the_aggregate_total_row_has_its_maximum_median_and_spread(
    client, appraisal, party, leader
):
    client.force_login(leader)
    assert client.post(score_url(appraisal), sheet(appraisal, c1="4")).status_code == 302
    client.force_login(party)
    assert client.post(score_url(appraisal), sheet(appraisal)).status_code == 302
    text = client.get(page(appraisal)).text
    footer = text.split("<tfoot>")[1].split("</tfoot>")[0]
    assert 'data-testid="max-total">100,00<' in footer
    assert "99,50" in footer  # the mean of 99 and 100, and their median
    assert 'data-testid="total-spread"><span class="badge text-bg-warning">1,00<' in footer


def test_the_scoresheet_is_downloadable_from_the_appraisal_page(client, appraisal, party):
    client.force_login(party)
    text = client.get(page(appraisal)).text
    links = text.split('data-testid="scoresheet-export"')[1].split("</ul>")[0]
    href = links.split('href="')[3].split('"')[0].replace("&amp;", "&")  # XLSX
    assert f"model={appraisal.model_id}" in href and "format=xlsx" in href
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


# --- exemplars: once per model, dates after recognition, recognised ones count --------------


def test_an_exemplar_is_nominated_once_and_after_the_model_was_recognised(
    client, campaign, appraisal, party, leader
):
    recognised(appraisal, party, leader)  # decision of 30/09/2026
    url = f"/dan-van-kheo/{campaign.pk}/dien-hinh/"
    client.force_login(party)
    nomination = {"model": appraisal.model_id, "name": "Chi bộ thôn Vàng"}
    response = client.post(f"{url}de-nghi/", {**nomination, "nominated_on": "01/01/2026"})
    assert response.status_code == 400
    assert (
        "Ngày đề nghị (01/01/2026) không được trước ngày công nhận mô hình (30/09/2026)."
        in response.text
    )
    assert (
        client.post(f"{url}de-nghi/", {**nomination, "nominated_on": "20/10/2026"}).status_code
        == 302
    )
    response = client.post(
        f"{url}de-nghi/", {**nomination, "name": "chi bộ thôn vàng", "nominated_on": "21/10/2026"}
    )
    assert response.status_code == 400
    assert "đã được đề nghị điển hình từ mô hình này" in response.text
    assert campaign.exemplars.count() == 1
    exemplar = campaign.exemplars.get()
    response = client.post(
        f"{url}{exemplar.pk}/cong-nhan/",
        {
            "recognised_number": "40-QĐ/ĐU",
            "recognised_on": "01/01/2025",
        },
    )
    assert response.status_code == 400
    assert "Ngày công nhận điển hình (01/01/2025) không được trước ngày đề nghị (20/10/2026)." in (
        response.text
    )
    exemplar.refresh_from_db()
    assert exemplar.recognised_on is None


def test_the_exemplar_target_counts_recognised_exemplars_only(
    client, campaign, appraisal, party, leader
):
    from models_dvk.models import TargetKind
    from models_dvk.reports.data import campaign_figures
    from models_dvk.selectors import target_progress
    from models_dvk.services.exemplar import exemplar_recognition_save

    campaign.targets.create(kind=TargetKind.EXEMPLARS, label="Ít nhất 2 điển hình", value=2)
    model = recognised(appraisal, party, leader)
    first = exemplar_nominate(
        model=model, user=party, name="Chi bộ thôn Vàng", on=date(2026, 10, 1)
    )
    exemplar_nominate(model=model, user=party, name="Ông A", on=date(2026, 10, 1))
    [row] = target_progress(campaign)
    assert row["actual"] == 0 and not row["met"]
    assert "(2 được đề nghị)" in row["detail"]
    exemplar_recognition_save(exemplar=first, user=party, number="40-QĐ/ĐU", on=date(2026, 10, 9))
    [row] = target_progress(campaign)
    assert row["actual"] == 1
    [printed] = campaign_figures(campaign).targets
    assert printed.actual == 1 and printed.met is False


def test_the_conference_minutes_count_in_the_exemplar_dossier(
    client, campaign, appraisal, party, leader
):
    model = recognised(appraisal, party, leader)
    early = exemplar_nominate(
        model=model, user=party, name="Chi bộ thôn Vàng", on=date(2026, 10, 1)
    )
    assert early.dossier.get(kind="minutes").document is None
    client.force_login(party)
    response = client.post(
        action(appraisal, "attach"),
        {
            "kind": "minutes",
            "file": SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    minutes = model.documents.get(kind="minutes")
    assert early.dossier.get(kind="minutes").document == minutes
    late = exemplar_nominate(model=model, user=party, name="Ông A", on=date(2026, 10, 2))
    assert late.dossier.get(kind="minutes").document == minutes
    assert late.dossier.filter(document__isnull=True).count() == 4


def test_a_concluded_appraisal_cannot_be_concluded_or_decided_again(
    client, appraisal, party, leader
):
    both_score(client, appraisal, party, leader)
    conclusion = {"minutes": "Đạt.", "notice_number": "15-TB/ĐU"}
    assert (
        client.post(
            action(appraisal, "conclude"), {**conclusion, "notice_date": "26/09/2026"}
        ).status_code
        == 302
    )
    response = client.post(
        action(appraisal, "conclude"),
        {**conclusion, "notice_number": "9", "notice_date": "20/11/2026"},
    )
    assert response.status_code == 400
    assert "Hội nghị thẩm định đã kết luận: không ghi lại được." in response.text
    appraisal.refresh_from_db()
    assert appraisal.notice_number == "15-TB/ĐU"
    decision = {"decision_number": "35-QĐ/ĐU", "decision_date": "01/10/2026"}
    assert client.post(action(appraisal, "recognise"), decision).status_code == 302
    response = client.post(
        action(appraisal, "recognise"), {**decision, "decision_date": "15/11/2026"}
    )
    assert response.status_code == 400
    assert "Mô hình đã ở bước “Được công nhận”: không ghi quyết định lại được." in response.text
    assert appraisal.model.events.filter(step=Step.RECOGNISED).count() == 1


def test_no_conclusion_without_a_conference_date_nor_before_every_sheet(
    client, appraisal_model, party, leader
):
    appraisal = appraisal_open(model=appraisal_model, user=party, members=[party, leader])
    client.force_login(party)
    conclusion = {
        "minutes": "Đạt.",
        "notice_number": "15-TB/ĐU",
        "notice_date": "26/09/2026",
    }
    response = client.post(action(appraisal, "conclude"), conclusion)
    assert response.status_code == 400
    assert "Chưa đủ phiếu chấm của các thành viên tổ thẩm định." in response.text
    both_score(client, appraisal, party, leader)
    response = client.post(action(appraisal, "conclude"), conclusion)
    assert response.status_code == 400
    assert "Ngày hội nghị thẩm định: chưa ghi" in response.text
    appraisal.refresh_from_db()
    assert appraisal.passed is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1" * 30, "Tiêu chí 1: " + "1" * 30 + ",00 điểm vượt điểm tối đa 5,00."),
        ("0,0000001", "Tiêu chí 1: điểm ghi tối đa hai chữ số thập phân (đã ghi 0,0000001)."),
        ("4,500", None),
    ],
)
def test_long_or_tiny_numbers_get_a_message(client, appraisal, leader, value, message):
    client.force_login(leader)
    response = client.post(score_url(appraisal), sheet(appraisal, c1=value))
    if message is None:  # 4,500 is 4,50: trailing zeros are not extra decimals
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert message in response.text


def test_minutes_attached_anywhere_fill_every_exemplar_dossier(
    client, campaign, appraisal, party, leader
):
    from models_dvk.services.lifecycle import document_attach

    model = recognised(appraisal, party, leader)
    first = exemplar_nominate(
        model=model, user=party, name="Chi bộ thôn Vàng", on=date(2026, 10, 1)
    )
    second = exemplar_nominate(model=model, user=party, name="Ông A", on=date(2026, 10, 1))
    minutes = document_attach(
        campaign=campaign,
        model=model,
        upload=SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf"),
        kind="minutes",
        user=party,
    )
    for exemplar in (first, second):
        assert exemplar.dossier.get(kind="minutes").document == minutes


def test_concluding_reads_the_sheets_once(
    client, appraisal, party, leader, django_assert_max_num_queries
):
    both_score(client, appraisal, party, leader)
    # 12, two that lock the model and the appraisal, and the conclusion's history row; then
    # telling the result: who is concerned (one query), and per person told the notification's
    # update-or-create (a select for update and an insert, each in its own savepoint: 6).
    from django.db.models import Q

    from dvcq.org.models import Role, User

    told = (
        User.objects.filter(
            Q(unit=appraisal.model.campaign.unit, role_grants__role=Role.PARTY)
            | Q(dvk_participations=appraisal.model.participant)
        )
        .distinct()
        .count()
    )
    assert told >= 1
    with django_assert_max_num_queries(16 + 6 * told):
        response = client.post(
            action(appraisal, "conclude"),
            {
                "minutes": "Đạt.",
                "notice_number": "15-TB/ĐU",
                "notice_date": "26/09/2026",
            },
        )
    assert response.status_code == 302


def test_a_refused_action_keeps_what_was_typed_and_names_the_field(
    client, campaign, appraisal, party, leader
):
    both_score(client, appraisal, party, leader)
    response = client.post(
        action(appraisal, "conclude"),
        {"minutes": "Hội nghị thống nhất.", "notice_number": "", "notice_date": "26/09/2026"},
    )
    assert response.status_code == 400
    assert "Số thông báo kết quả: chưa ghi." in field_errors(response, "notice_number")
    assert "Hội nghị thống nhất." in response.text  # the minutes typed are still there
    url = f"/dan-van-kheo/{campaign.pk}/dien-hinh/de-nghi/"
    response = client.post(url, {"model": appraisal.model_id, "name": ""})
    assert response.status_code == 400
    assert "Tên tập thể/cá nhân: chưa ghi." in field_errors(response, "name")
    assert "Ngày đề nghị: chưa ghi." in field_errors(response, "nominated_on")
