from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from criteria.models import Assignment
from criteria.reports.annex import ANNEX_COLUMNS
from criteria.services import round_create
from dvcq.org.models import Role
from tests.factories import FrameworkFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned_round(ba_thanh, framework_2025, ba_thanh_positions):
    return round_create(
        unit=ba_thanh,
        framework=framework_2025,
        plan_number="25/KH-UBND",
        plan_date=date(2025, 2, 25),
    )


def _grid_post(response, **changes):
    """The grid form as the browser would send it, with `changes` = {"form-0-deadline": …}."""
    formset = response.context["formset"]
    data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset:
        for name in form.fields:
            value = form.initial.get(name)
            key = form.add_prefix(name)
            if isinstance(value, list):
                data[key] = [str(v) for v in value]
            elif isinstance(value, date):
                data[key] = value.isoformat()
            elif value is not None:
                data[key] = str(value)
    data.update(changes)
    return data


def _open_row(client, url, code):
    """The grid with one row open for editing (the "Sửa" link), and that row's assignment."""
    number, item = code.split(".")
    assignment = Assignment.objects.get(
        round__pk=url.strip("/").split("/")[-1], item__criterion__number=number, item__number=item
    )
    response = client.get(url, {"sua": assignment.pk})
    assert [form.initial["id"] for form in response.context["formset"]] == [assignment.pk]
    return response, assignment


def test_new_round_takes_the_framework_defaults_mapped_to_positions(
    planned_round, ba_thanh_positions
):
    grid = {a.item.code: a for a in planned_round.assignments.select_related("item__criterion")}
    assert len(grid) == 32
    assert {p.name for p in grid["8.1"].lead_positions.all()} == {
        "Khối vận Đảng ủy",
        "Công đoàn cơ sở",
        "Công chức Tài chính - Kế toán",
        "Văn phòng HĐND và UBND xã",
    }
    assert grid["5.2"].assignee_note == "các đơn vị liên quan"


def test_next_year_round_copies_this_years_grid(planned_round, ba_thanh, framework_2025):
    from criteria.services import framework_copy

    first = planned_round.assignments.get(item__criterion__number=3, item__number=1)
    first.lead_positions.set([ba_thanh.positions.get(name="Công chức Địa chính")])
    next_round = round_create(
        unit=ba_thanh, framework=framework_copy(framework=framework_2025, year=2026)
    )
    copied = next_round.assignments.get(item__criterion__number=3, item__number=1)
    assert [p.name for p in copied.lead_positions.all()] == ["Công chức Địa chính"]
    assert copied.deadline == date(2026, 10, 24)
    assert "Trước ngày 24/10/2026" in copied.action


def test_grid_flags_the_seed_problems(client, compiler, planned_round):
    client.force_login(compiler)
    response = client.get(f"/ky-danh-gia/{planned_round.pk}/")
    warnings = {
        item["assignment"].item.code: [str(w.label) for w in item["warnings"]]
        for block in response.context["rows"]
        for item in block["items"]
    }
    assert "Chưa giao cho ai" in warnings["6.1"]
    assert "Hạn nộp nằm ngoài năm đánh giá" in warnings["1.1"]
    assert "Chưa có hạn nộp minh chứng" in warnings["10.3"]
    assert warnings["3.1"] == []


def test_compiler_changes_a_deadline_and_an_assignee(client, compiler, planned_round, ba_thanh):
    client.force_login(compiler)
    url = f"/ky-danh-gia/{planned_round.pk}/"
    response, assignment = _open_row(client, url, "6.1")
    culture = ba_thanh.positions.get(name="Công chức Văn hóa - Xã hội")
    data = _grid_post(
        response, **{"form-0-deadline": "2025-10-20", "form-0-lead": [str(culture.pk)]}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{url}#nd-6-1"  # back to the row, read-only again
    assignment.refresh_from_db()
    assert assignment.deadline == date(2025, 10, 20)
    assert [p.name for p in assignment.lead_positions.all()] == ["Công chức Văn hóa - Xã hội"]
    assert assignment.version == 2
    # The date written in the action text follows the new deadline.
    assert "Trước ngày 20/10/2025 cung cấp" in assignment.action


def test_an_impossible_date_is_refused_and_nothing_is_saved(client, compiler, planned_round):
    client.force_login(compiler)
    url = f"/ky-danh-gia/{planned_round.pk}/"
    response, assignment = _open_row(client, url, "3.1")
    response = client.post(
        url, _grid_post(response, **{"form-0-deadline": "31/11/2026", "form-0-action": "Mới"})
    )
    assert response.status_code == 200
    assert "Ngày 31/11/2026 không tồn tại." in response.text
    assert "Nội dung 3.1" in response.text
    # The refused row stays open with the user's values; the others stay read-only.
    assert [f["id"].value() for f in response.context["formset"]] == [str(assignment.pk)]
    assert response.text.count('data-testid="edit-row"') == 31
    before = assignment.action
    assignment.refresh_from_db()
    assert assignment.action == before and assignment.version == 1


def test_a_stale_edit_is_refused_shows_the_newer_value_and_a_second_save_applies(
    client, compiler, planned_round
):
    client.force_login(compiler)
    url = f"/ky-danh-gia/{planned_round.pk}/"
    page, assignment = _open_row(client, url, "2.1")
    # Someone else saves the same row first.
    client.post(url, _grid_post(page, **{"form-0-deadline": "2025-10-10"}))
    response = client.post(url, _grid_post(page, **{"form-0-deadline": "2025-10-15"}))
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.text
    assert "10/10/2025" in response.text
    assignment.refresh_from_db()
    assert assignment.deadline == date(2025, 10, 10)
    # The user's value is still in the field; saving again, knowingly, applies it.
    shown = response.context["formset"].data
    assert shown["form-0-deadline"] == "2025-10-15"
    assert client.post(url, dict(shown.lists())).status_code == 302
    assignment.refresh_from_db()
    assert assignment.deadline == date(2025, 10, 15)


def test_a_stale_page_still_saves_rows_the_other_person_did_not_touch(
    client, compiler, planned_round
):
    client.force_login(compiler)
    url = f"/ky-danh-gia/{planned_round.pk}/"
    stale, second = _open_row(client, url, "3.2")
    fresh, first = _open_row(client, url, "3.1")
    client.post(url, _grid_post(fresh, **{"form-0-deadline": "2025-09-01"}))
    response = client.post(url, _grid_post(stale, **{"form-0-deadline": "2025-09-02"}))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.deadline == date(2025, 9, 1)  # the other person's edit survives
    assert second.deadline == date(2025, 9, 2)


def test_the_server_still_takes_several_rows_in_one_post_all_or_nothing(
    client, compiler, planned_round
):
    """One row is what the page sends; a post of several (a script, an old tab) is checked
    row by row and refused whole when one of them is stale."""
    client.force_login(compiler)
    url = f"/ky-danh-gia/{planned_round.pk}/"
    first_page, first = _open_row(client, url, "3.1")
    second_page, second = _open_row(client, url, "3.2")
    client.post(url, _grid_post(first_page, **{"form-0-deadline": "2025-09-01"}))
    both = {
        **_grid_post(first_page, **{"form-0-deadline": "2025-09-03"}),
        **{
            k.replace("form-0-", "form-1-"): v
            for k, v in _grid_post(second_page, **{"form-0-deadline": "2025-09-04"}).items()
            if k.startswith("form-0-")
        },
        "form-TOTAL_FORMS": "2",
    }
    response = client.post(url, both)
    assert "vừa được người khác sửa" in response.text
    second.refresh_from_db()
    assert second.deadline != date(2025, 9, 4)


def test_lead_and_cooperating_cannot_be_the_same_position(
    client, compiler, planned_round, ba_thanh
):
    client.force_login(compiler)
    url = f"/ky-danh-gia/{planned_round.pk}/"
    page, _ = _open_row(client, url, "3.1")
    pk = str(ba_thanh.positions.get(name="Công chức Văn phòng - Thống kê").pk)
    response = client.post(url, _grid_post(page, **{"form-0-cooperating": [pk]}))
    assert "không thể vừa chủ trì vừa phối hợp" in response.text


def test_who_may_see_and_who_may_change_the_grid(
    client, ba_thanh, planned_round, reviewer, other_compiler
):
    url = f"/ky-danh-gia/{planned_round.pk}/"
    officer = UserFactory(unit=ba_thanh, roles=[Role.OFFICER])
    for user, get_status, post_status in [
        (officer, 200, 403),
        (reviewer, 200, 403),
        (other_compiler, 404, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == get_status, user
        assert client.post(url, {}).status_code == post_status, user
        expected_xlsx = 404 if user == other_compiler else 200
        assert client.get("/van-ban/annex/ba-thanh/2025/?format=xlsx").status_code == expected_xlsx


def test_grid_query_count_is_fixed(client, compiler, planned_round, django_assert_max_num_queries):
    client.force_login(compiler)
    url = f"/ky-danh-gia/{planned_round.pk}/"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.context["formset"] is None
    assert response.text.count('data-testid="edit-row"') == 32
    assert 'type="checkbox"' not in response.text  # every row read-only
    with django_assert_max_num_queries(14):
        response, _ = _open_row(client, url, "3.1")
    assert response.text.count('data-testid="edit-row"') == 31


def test_a_reader_gets_no_edit_link_and_a_row_never_opens(client, officer, planned_round):
    client.force_login(officer)
    url = f"/ky-danh-gia/{planned_round.pk}/"
    assignment = planned_round.assignments.first()
    response = client.get(url, {"sua": assignment.pk})
    assert response.context["formset"] is None
    assert 'data-testid="edit-row"' not in response.text


def test_a_row_of_another_round_does_not_open(client, compiler, planned_round):
    client.force_login(compiler)
    response = client.get(f"/ky-danh-gia/{planned_round.pk}/", {"sua": 999999})
    assert response.status_code == 200 and response.context["formset"] is None


def test_annex_export_has_the_official_heading_and_a_fixed_query_count(
    client, compiler, planned_round, django_assert_max_num_queries
):
    client.force_login(compiler)
    with django_assert_max_num_queries(12):
        response = client.get("/van-ban/annex/ba-thanh/2025/?format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    # Seed 000's grid has warnings (a 2021 deadline, items without assignee): a draft's note
    # comes first.
    assert sheet["A1"].value.startswith("DỰ THẢO: Bảng phân công năm 2025 còn 8 nội dung")
    assert sheet["A2"].value == "Phụ lục I"
    assert sheet["A3"].value == (
        "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN CẢI THIỆN VÀ NÂNG CAO ĐIỂM DÂN VẬN CỦA XÃ BA THÀNH NĂM 2025"
    )
    assert sheet["A4"].value == "(Kèm theo Kế hoạch số 25/KH-UBND ngày 25/02/2025 của UBND xã)"
    assert [c.value for c in sheet[5]][:4] == [
        "TT",
        "NỘI DUNG TIÊU CHÍ",
        ANNEX_COLUMNS[2].title,
        "Nội dung cần thực hiện",
    ]
    assert sheet["A6"].value.startswith("Tiêu chí 1: Công tác triển khai")
    assert "A6:F6" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A7"].value == "Nội dung 1"
    assert sheet["E7"].is_date and sheet["E7"].number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A6"
    assert sheet.page_setup.orientation == "landscape"
    assert (
        sum(1 for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("Nội dung"))
        == 32
    )


def test_compiler_opens_a_round_from_the_list(client, compiler, framework_2025, ba_thanh_positions):
    client.force_login(compiler)
    response = client.post(
        "/ky-danh-gia/tao/", {"framework": framework_2025.pk, "plan_number": "7/KH-UBND"}
    )
    created = compiler.unit.rounds.get()
    assert response["Location"] == f"/ky-danh-gia/{created.pk}/"
    assert created.assignments.count() == 32
    response = client.post("/ky-danh-gia/tao/", {"framework": framework_2025.pk})
    assert compiler.unit.rounds.count() == 1


def test_a_compiler_cannot_open_a_round_on_another_provinces_framework(client, compiler):
    foreign = FrameworkFactory(owner=UnitFactory(code="tinh-khac"))
    client.force_login(compiler)
    client.post("/ky-danh-gia/tao/", {"framework": foreign.pk})
    assert not compiler.unit.rounds.exists()


def test_round_list_shows_only_visible_rounds(
    client, reviewer, compiler, other_compiler, planned_round
):
    client.force_login(other_compiler)
    assert list(client.get("/ky-danh-gia/").context["page"]) == []
    client.force_login(reviewer)
    assert list(client.get("/ky-danh-gia/").context["page"]) == [planned_round]
