"""The scorecard pages as people use them, and who may reach which."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from scoring.models import Scorecard, Status
from scoring.selectors import item_scores
from scoring.services import transition
from tests.factories import deduct, score_all

D = Decimal


def _score(scorecard, code):
    return next(s for s in item_scores(scorecard) if s.item.code == code)


def _form_data(scorecard, values: dict[str, tuple[str, str]]) -> dict:
    """The POST the self-score form sends: every editable row, with `values` typed in."""
    data = {}
    for s in item_scores(scorecard):
        if s.item.is_reviewer_only:
            continue
        points, explanation = values.get(
            s.item.code,
            ("" if s.self_points is None else f"{s.self_points}".replace(".", ","), s.explanation),
        )
        data[f"p-{s.pk}"] = points
        data[f"e-{s.pk}"] = explanation
        data[f"v-{s.pk}"] = s.version
    return data


def test_compiler_scores_in_the_browser_form(client, scorecard, compiler):
    client.force_login(compiler)
    page = client.get(f"/cham-diem/{scorecard.pk}/")
    assert page.status_code == 200
    assert 'name="p-' in page.content.decode()
    response = client.post(
        f"/cham-diem/{scorecard.pk}/",
        _form_data(scorecard, {"1.1": ("2,5", "Đã có kế hoạch số 12/KH-UBND.")}),
    )
    assert response.status_code == 302
    assert _score(scorecard, "1.1").self_points == D("2.50")
    assert Scorecard.objects.get(pk=scorecard.pk).self_total == D("2.50")


def test_a_bad_value_is_shown_on_its_row_and_nothing_is_lost(client, scorecard, compiler):
    client.force_login(compiler)
    response = client.post(
        f"/cham-diem/{scorecard.pk}/",
        _form_data(scorecard, {"1.1": ("2", "x"), "1.2": ("4", "quá điểm")}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "vượt điểm tối đa 3,00" in html
    assert 'value="4"' in html and "quá điểm" in html  # the typed values stay on the page
    assert _score(scorecard, "1.1").self_points is None


def test_a_stale_page_shows_the_newer_value_and_a_second_save_applies(
    client, scorecard, compiler, leader
):
    client.force_login(compiler)
    stale = _form_data(scorecard, {"1.1": ("1", "Theo văn phòng.")})
    client.force_login(leader)
    client.post(f"/cham-diem/{scorecard.pk}/", _form_data(scorecard, {"1.1": ("3", "Lãnh đạo.")}))
    client.force_login(compiler)
    refused = client.post(f"/cham-diem/{scorecard.pk}/", stale)
    assert refused.status_code == 400
    assert "Người khác vừa lưu: 3,00 điểm." in refused.content.decode()
    assert _score(scorecard, "1.1").self_points == D("3.00")
    again = _form_data(scorecard, {"1.1": ("1", "Theo văn phòng.")})
    assert client.post(f"/cham-diem/{scorecard.pk}/", again).status_code == 302
    assert _score(scorecard, "1.1").self_points == D("1.00")


def test_leader_submits_from_the_page_and_the_form_is_gone(client, scorecard, compiler, leader):
    score_all(scorecard, compiler)
    client.force_login(leader)
    response = client.post(f"/cham-diem/{scorecard.pk}/chuyen/submit/", follow=True)
    assert "Đã thực hiện: Nộp kết quả tự chấm." in response.content.decode()
    client.force_login(compiler)
    html = client.get(f"/cham-diem/{scorecard.pk}/").content.decode()
    assert 'name="p-' not in html
    assert "Đã nộp" in html
    refused = client.post(f"/cham-diem/{scorecard.pk}/", _form_data(scorecard, {"1.1": ("1", "x")}))
    assert refused.status_code == 400
    assert "điểm tự chấm đã khóa" in refused.content.decode()
    assert _score(scorecard, "1.1").self_points == D("3.00")


def test_compiler_cannot_submit_and_the_refusal_is_a_403(client, scorecard, compiler):
    score_all(scorecard, compiler)
    client.force_login(compiler)
    assert client.post(f"/cham-diem/{scorecard.pk}/chuyen/submit/").status_code == 403
    assert client.post(f"/cham-diem/{scorecard.pk}/chuyen/bogus/").status_code == 404


def test_reviewer_deducts_on_the_item_page(client, in_review, reviewer):
    score = _score(in_review, "1.3")
    client.force_login(reviewer)
    url = f"/cham-diem/{in_review.pk}/tham-dinh/{score.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "version": score.version,
        "d-TOTAL_FORMS": 1,
        "d-INITIAL_FORMS": 0,
        "d-0-points": "1,00",
        "d-0-reason": "Chưa tổ chức sơ kết, tổng kết.",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(f"/cham-diem/{in_review.pk}/").content.decode()
    assert "Bị trừ 1,00 điểm; Lý do: Chưa tổ chức sơ kết, tổng kết." in page
    # The same stale form a second time: refused, with the newer lines shown.
    refused = client.post(url, {**data, "d-0-points": "0,5"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "vừa được người khác thẩm định" in html and "Chưa tổ chức sơ kết" in html
    assert _score(in_review, "1.3").review_points == D("2.00")


def test_a_deduction_without_reason_is_refused_naming_the_field(client, in_review, reviewer):
    score = _score(in_review, "1.3")
    client.force_login(reviewer)
    response = client.post(
        f"/cham-diem/{in_review.pk}/tham-dinh/{score.pk}/",
        {
            "version": score.version,
            "d-TOTAL_FORMS": 1,
            "d-INITIAL_FORMS": 0,
            "d-0-points": "1",
            "d-0-reason": "",
        },
    )
    assert response.status_code == 400
    assert "This field is required" not in response.content.decode()
    assert _score(in_review, "1.3").deductions.count() == 0


def test_unit_sees_review_results_only_once_published(client, in_review, compiler, reviewer):
    deduct(in_review, reviewer, "2.1", "1", "Chậm ban hành văn bản.")
    client.force_login(compiler)
    html = client.get(f"/cham-diem/{in_review.pk}/").content.decode()
    assert "Chậm ban hành văn bản" not in html and 'data-testid="review-total"' not in html
    assert "sẽ hiển thị khi đơn vị thẩm định công bố" in html
    transition(scorecard=in_review, user=reviewer, action="finish_review")
    assert "Chậm ban hành văn bản" not in client.get(f"/cham-diem/{in_review.pk}/").content.decode()
    transition(scorecard=in_review, user=reviewer, action="publish")
    html = client.get(f"/cham-diem/{in_review.pk}/").content.decode()
    assert "Chậm ban hành văn bản" in html
    assert "99,00" in html and "−1,00" in html


def test_review_notes_and_ineligibility_from_the_page(client, in_review, reviewer):
    client.force_login(reviewer)
    criterion = in_review.criteria.get(criterion__number=5)
    response = client.post(
        f"/cham-diem/{in_review.pk}/nhan-xet/",
        {
            f"note-{criterion.criterion_id}": "Giải quyết đơn thư tốt.",
            "ineligible": "on",
            "reason": "",
        },
        follow=True,
    )
    assert "Cần ghi lý do không đủ điều kiện xếp loại." in response.content.decode()
    client.post(
        f"/cham-diem/{in_review.pk}/nhan-xet/",
        {
            f"note-{criterion.criterion_id}": "Giải quyết đơn thư tốt.",
            "ineligible": "on",
            "reason": "Khiếu kiện đông người.",
        },
    )
    in_review.refresh_from_db()
    assert in_review.ineligible and in_review.ineligible_reason == "Khiếu kiện đông người."
    assert in_review.criteria.get(criterion__number=5).review_note == "Giải quyết đơn thư tốt."


# --- who sees what -------------------------------------------------------------------------


def test_another_commune_cannot_read_or_change_the_scorecard(client, in_review, other_compiler):
    score = _score(in_review, "1.1")
    client.force_login(other_compiler)
    base = f"/cham-diem/{in_review.pk}"
    for url in [
        f"{base}/",
        f"{base}/tu-cham.xlsx",
        f"{base}/nhap-excel/",
        f"{base}/tham-dinh/{score.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"{base}/",
        f"{base}/chuyen/withdraw/",
        f"{base}/nhan-xet/",
        f"{base}/tham-dinh/{score.pk}/",
    ]:
        assert client.post(url, {"note": "x"}).status_code == 404, url
    assert client.get(f"/cham-diem/ky/{in_review.round_id}/").status_code == 404
    assert "Xã Ba Thành" not in client.get("/cham-diem/").content.decode()


def test_reviewer_of_another_province_sees_nothing(client, in_review, other_reviewer):
    client.force_login(other_reviewer)
    assert client.get(f"/cham-diem/{in_review.pk}/").status_code == 404


def test_unit_users_cannot_open_the_review_pages(client, in_review, compiler, leader):
    score = _score(in_review, "1.1")
    for user in (compiler, leader):
        client.force_login(user)
        assert client.get(f"/cham-diem/{in_review.pk}/tham-dinh/{score.pk}/").status_code == 403
        assert client.post(f"/cham-diem/{in_review.pk}/nhan-xet/", {}).status_code == 403


def test_reviewer_cannot_self_score(client, scorecard, reviewer):
    client.force_login(reviewer)
    assert client.post(f"/cham-diem/{scorecard.pk}/", _form_data(scorecard, {})).status_code == 403
    assert client.get(f"/cham-diem/{scorecard.pk}/nhap-excel/").status_code == 403


def test_list_shows_own_rounds_and_opens_a_scorecard(client, ba_thanh, framework_2025, compiler):
    from criteria.services import round_create

    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    client.force_login(compiler)
    assert "Xã Ba Thành" in client.get("/cham-diem/").content.decode()
    response = client.get(f"/cham-diem/ky/{assessment_round.pk}/")
    assert response.status_code == 302
    assert response.url == f"/cham-diem/{assessment_round.scorecard.pk}/"


def test_detail_page_query_count_does_not_grow_with_items(
    client, in_review, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    client.get(f"/cham-diem/{in_review.pk}/")
    with django_assert_max_num_queries(16):
        assert client.get(f"/cham-diem/{in_review.pk}/").status_code == 200


# --- Excel round trip ----------------------------------------------------------------------


def _sheet(client, scorecard):
    response = client.get(f"/cham-diem/{scorecard.pk}/tu-cham.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('tu-cham-2025-ba-thanh.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def _row_of(sheet, code):
    for row in sheet.iter_rows(min_row=1):
        if row[0].value == code:
            return row
    raise AssertionError(code)


def _upload(client, scorecard, book, name="tu-cham.xlsx"):
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = name
    return client.post(f"/cham-diem/{scorecard.pk}/nhap-excel/", {"file": out})


def test_excel_round_trip_previews_then_applies(client, scorecard, compiler):
    score_all(scorecard, compiler)
    client.force_login(compiler)
    book = _sheet(client, scorecard)
    sheet = book["Tự chấm"]
    row = _row_of(sheet, "3.2")
    assert row[2].value == 3 and row[3].value == 3  # max and current points
    row[3].value = 2.25
    row[4].value = "Còn hồ sơ trễ hẹn."
    preview = _upload(client, scorecard, book)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "3.2" in html and "2,25" in html and "Còn hồ sơ trễ hẹn." in html
    assert _score(scorecard, "3.2").self_points == D("3.00")  # nothing saved yet
    token = preview.context["token"]
    done = client.post(f"/cham-diem/{scorecard.pk}/nhap-excel/", {"token": token}, follow=True)
    assert "1 nội dung thay đổi" in done.content.decode()
    assert _score(scorecard, "3.2").self_points == D("2.25")


def test_excel_errors_name_the_row_and_column_and_change_nothing(client, scorecard, compiler):
    client.force_login(compiler)
    book = _sheet(client, scorecard)
    sheet = book["Tự chấm"]
    good = _row_of(sheet, "1.1")
    good[3].value = 3
    good[4].value = "Có minh chứng."
    bad = _row_of(sheet, "1.2")
    bad[3].value = "ba"
    over = _row_of(sheet, "1.3")
    over[3].value = 7
    over[4].value = "x"
    response = _upload(client, scorecard, book)
    assert response.status_code == 400
    html = response.content.decode()
    # The item first, as the person looks for it, then the row and the column's header.
    assert f"Nội dung 1.2 (dòng {bad[0].row}), cột “Điểm tự chấm”: “ba” không phải là số." in html
    assert (
        f"Nội dung 1.3 (dòng {over[0].row}), cột “Điểm tự chấm”: điểm 7,00 vượt điểm tối đa 3,00."
        in html
    )
    assert _score(scorecard, "1.1").self_points is None


def test_excel_of_another_unit_or_missing_column_is_refused(client, scorecard, compiler, an_phu):
    client.force_login(compiler)
    book = _sheet(client, scorecard)
    book["_dvcq"]["B1"] = "an-phu"
    # The other unit by its name, not its code.
    assert (
        "Tệp này là bảng tự chấm của Xã An Phú năm 2025, không phải của Xã Ba Thành năm 2025."
        in _upload(client, scorecard, book).content.decode()
    )
    book = _sheet(client, scorecard)
    sheet = book["Tự chấm"]
    for row in sheet.iter_rows():
        if row[0].value == "Mã nội dung":
            row[3].value = "Điểm"
    assert "Thiếu cột: “Điểm tự chấm”." in _upload(client, scorecard, book).content.decode()
    not_excel = io.BytesIO(b"%PDF-1.4 not a workbook")
    not_excel.name = "bao-cao.xlsx"
    response = client.post(f"/cham-diem/{scorecard.pk}/nhap-excel/", {"file": not_excel})
    assert "không phải là tệp Excel" in response.content.decode()


def test_excel_confirm_is_refused_when_the_row_changed_since_preview(
    client, scorecard, compiler, leader
):
    score_all(scorecard, compiler)
    client.force_login(compiler)
    book = _sheet(client, scorecard)
    _row_of(book["Tự chấm"], "3.2")[3].value = 2
    preview = _upload(client, scorecard, book)
    from scoring.services import SelfRow, self_score_save

    score = _score(scorecard, "3.2")
    self_score_save(
        scorecard=scorecard,
        user=leader,
        rows=[SelfRow(score.pk, D("1"), "Lãnh đạo sửa.", score.version)],
        accepted=set(),
    )
    done = client.post(
        f"/cham-diem/{scorecard.pk}/nhap-excel/", {"token": preview.context["token"]}, follow=True
    )
    assert "bảng điểm đã thay đổi kể từ lúc xem trước" in done.content.decode()
    assert _score(scorecard, "3.2").self_points == D("1.00")


def test_import_is_closed_after_submission(client, submitted, compiler):
    client.force_login(compiler)
    response = client.get(f"/cham-diem/{submitted.pk}/nhap-excel/", follow=True)
    assert "điểm tự chấm đã khóa" in response.content.decode()
    assert Scorecard.objects.get(pk=submitted.pk).status == Status.SUBMITTED


# --- from the walkthrough -------------------------------------------------------------------


def test_excel_without_its_hidden_part_must_name_this_unit_and_year(client, scorecard, compiler):
    client.force_login(compiler)
    book = _sheet(client, scorecard)
    del book["_dvcq"]
    _row_of(book["Tự chấm"], "1.1")[3].value = 3
    _row_of(book["Tự chấm"], "1.1")[4].value = "x"
    assert _upload(client, scorecard, book).status_code == 200  # the title names Ba Thành 2025
    book["Tự chấm"]["A1"] = "BẢNG TỰ CHẤM ĐIỂM CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2025 — XÃ AN PHÚ"
    refused = _upload(client, scorecard, book)
    assert refused.status_code == 400
    assert (
        "Không xác định được tệp là bảng tự chấm của Xã Ba Thành năm 2025"
        in refused.content.decode()
    )


def test_every_bad_row_is_shown_at_once(client, scorecard, compiler):
    client.force_login(compiler)
    response = client.post(
        f"/cham-diem/{scorecard.pk}/",
        _form_data(scorecard, {"1.1": ("abc", "x"), "1.2": ("4", "x"), "1.3": ("2", "")}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“abc” không phải là số." in html
    assert "vượt điểm tối đa 3,00" in html
    assert "cần giải trình" in html
    assert "Chưa lưu: kiểm tra các dòng được đánh dấu." in html


def test_deductions_go_by_quarter_points(client, in_review, reviewer):
    score = _score(in_review, "1.3")
    client.force_login(reviewer)
    response = client.post(
        f"/cham-diem/{in_review.pk}/tham-dinh/{score.pk}/",
        {
            "version": score.version,
            "d-TOTAL_FORMS": 1,
            "d-INITIAL_FORMS": 0,
            "d-0-points": "1,1",
            "d-0-reason": "Chậm.",
        },
    )
    assert response.status_code == 400
    assert "theo bước 0,25" in response.content.decode()


def test_a_refused_review_note_saves_nothing_and_keeps_what_was_typed(client, in_review, reviewer):
    client.force_login(reviewer)
    criterion = in_review.criteria.get(criterion__number=1)
    response = client.post(
        f"/cham-diem/{in_review.pk}/nhan-xet/",
        {f"note-{criterion.criterion_id}": "Ghi chú tiêu chí 1.", "ineligible": "on", "reason": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cần ghi lý do không đủ điều kiện xếp loại." in html
    assert "Ghi chú tiêu chí 1." in html and 'id="id_ineligible" checked' in html
    assert in_review.criteria.get(criterion__number=1).review_note == ""


def test_a_new_round_has_its_scorecard_and_officers_do_not_create_one(
    client, ba_thanh, framework_2025
):
    from criteria.models import AssessmentRound
    from criteria.services import round_create
    from dvcq.org.models import Role
    from tests.factories import UserFactory

    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    assert assessment_round.scorecard.items.count() == 32
    Scorecard.objects.filter(round=assessment_round).delete()  # data from before scorecards
    officer = UserFactory(unit=ba_thanh, roles=[Role.OFFICER])
    client.force_login(officer)
    assert client.get(f"/cham-diem/ky/{assessment_round.pk}/").status_code == 404
    assert not Scorecard.objects.filter(round=AssessmentRound.objects.get()).exists()
