"""Import of the Phụ lục 1 sheet: preview, confirm all-or-nothing, and every bad input named by
its model (and organisation), row and column with nothing written."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from models_dvk.importer import field_for
from models_dvk.models import DvkModel, Field, Origin, Participant, Step, Subject
from tests.dvk.campaign_fixtures import phu_luc_1

pytestmark = pytest.mark.django_db

# Rows after the five header rows of the template: the first one is row 6 of the sheet.
ROWS = [
    ["I", "Mô hình tiếp tục duy trì từ năm 2025"] + [None] * 7,
    [1, "Chi bộ thôn Vàng"] + [None] * 7,
    [
        "-",
        "Hiến đất làm đường",
        1,
        "Thôn Vàng",
        "Chi bộ thôn Vàng",
        "Xây dựng NTM",
        "Thêm 2 km",
        "X",
        None,
    ],
    ["II", "Mô hình đăng ký mới năm 2026"] + [None] * 7,
    [1, "Chi bộ thôn Vàng"] + [None] * 7,
    ["-", "Tủ sách nhân ái", 2, "Thôn Vàng", "Chi bộ", "Văn hóa xã hội", "200 cuốn", "x", None],
    [2, "Đoàn Thanh niên xã"] + [None] * 7,
    [
        "-",
        "Thắp sáng đường quê",
        None,
        "Thôn 3",
        "Đoàn xã",
        "xay dung do thi van minh",
        "",
        None,
        "X",
    ],
]


# How the problems of row 11 name it: the model and its organisation, then the row.
TU_SACH = "Mô hình “Tủ sách nhân ái” của “Chi bộ thôn Vàng” (dòng 11)"


def _upload(client, campaign, book):
    return client.post(reverse("dvk:import", args=[campaign.pk]), {"file": book})


def _errors(response) -> list[str]:
    return response.context.get("errors") or []


@pytest.fixture
def logged_in(client, party):
    client.force_login(party)
    return client


def test_field_wordings_of_note_6_are_understood():
    assert field_for("Kinh tế") == Field.ECONOMY
    assert field_for("Văn hóa xã hội") == Field.CULTURE
    assert field_for("văn hoá - xã hội") == Field.CULTURE
    assert field_for("Quốc phòng an ninh") == Field.DEFENCE
    assert field_for("Xây dựng Đảng và hệ thống chính trị") == Field.POLITICS
    assert field_for("Xây dựng NTM") == Field.RURAL
    assert field_for("Xây dựng Đô thị văn minh") == Field.URBAN
    assert field_for("Khác") == Field.OTHER
    assert field_for("Thể thao") is None


def test_preview_then_confirm_registers_every_row(logged_in, campaign):
    response = _upload(logged_in, campaign, phu_luc_1(ROWS))
    assert _errors(response) == []
    page = response.content.decode()
    assert "Tạo mới “Đoàn Thanh niên xã”" in page
    assert not DvkModel.objects.filter(campaign=campaign).exists()  # preview writes nothing
    token = response.context["token"]
    response = logged_in.post(
        reverse("dvk:import", args=[campaign.pk]), {"token": token, "create": "Đoàn Thanh niên xã"}
    )
    assert response.url == reverse("dvk:campaign", args=[campaign.pk])
    models = {m.name: m for m in DvkModel.objects.filter(campaign=campaign)}
    assert set(models) == {"Hiến đất làm đường", "Tủ sách nhân ái", "Thắp sáng đường quê"}
    continued = models["Hiến đất làm đường"]
    assert continued.origin == Origin.CONTINUED
    assert continued.previous == campaign.previous.models.get()
    assert continued.higher_targets == "Thêm 2 km"
    assert models["Tủ sách nhân ái"].quantity == 2
    assert models["Tủ sách nhân ái"].field == Field.CULTURE
    light = models["Thắp sáng đường quê"]
    assert (light.field, light.subject, light.origin) == (
        Field.URBAN,
        Subject.INDIVIDUAL,
        Origin.NEW,
    )
    assert light.participant.name == "Đoàn Thanh niên xã"
    assert all(m.events.get().step == Step.REGISTERED for m in models.values())


def test_unknown_organisation_not_accepted_leaves_the_database_unchanged(logged_in, campaign):
    response = _upload(logged_in, campaign, phu_luc_1(ROWS))
    response = logged_in.post(
        reverse("dvk:import", args=[campaign.pk]), {"token": response.context["token"]}
    )
    page = logged_in.get(response.url).content.decode()
    assert "“Đoàn Thanh niên xã” chưa là tổ chức tham gia" in page
    assert not DvkModel.objects.filter(campaign=campaign).exists()
    assert not Participant.objects.filter(name="Đoàn Thanh niên xã").exists()


def test_a_missing_column_is_refused_naming_it(logged_in, campaign):
    response = _upload(logged_in, campaign, phu_luc_1(ROWS, drop_column=6))
    assert _errors(response) == ["Thiếu cột (6) Lĩnh vực trong dòng tiêu đề (dòng 2)."]
    assert not DvkModel.objects.filter(campaign=campaign).exists()


def test_a_field_outside_the_list_is_refused_naming_row_and_column(logged_in, campaign):
    rows = [list(r) for r in ROWS]
    rows[5][5] = "Thể thao"
    response = _upload(logged_in, campaign, phu_luc_1(rows))
    assert _errors(response) == [
        "Mô hình “Tủ sách nhân ái” của “Chi bộ thôn Vàng” (dòng 11), cột (6) Lĩnh vực: "
        "“Thể thao” không có trong danh sách lĩnh vực."
    ]
    assert "token" not in response.context
    assert not DvkModel.objects.filter(campaign=campaign).exists()


def test_continued_model_without_last_years_match_is_refused(logged_in, campaign):
    rows = [list(r) for r in ROWS]
    rows[2][1] = "Mô hình không có năm trước"
    response = _upload(logged_in, campaign, phu_luc_1(rows))
    assert _errors(response) == [
        "Mô hình “Mô hình không có năm trước” của “Chi bộ thôn Vàng” (dòng 8): mô hình tiếp "
        "tục duy trì không có trong phong trào năm trước."
    ]
    assert not DvkModel.objects.filter(campaign=campaign).exists()


def test_each_bad_cell_is_named(logged_in, campaign):
    rows = [list(r) for r in ROWS]
    rows[5][2] = "hai"
    rows[5][4] = None
    rows[5][7] = "X"
    rows[5][8] = "X"
    errors = _errors(_upload(logged_in, campaign, phu_luc_1(rows)))
    assert errors == [
        f"{TU_SACH}, cột (3) Số lượng: “hai” không phải số nguyên dương.",
        f"{TU_SACH}, cột (5) Chủ trì: chưa điền.",
        f"{TU_SACH}, cột (8) Chủ thể: đánh dấu X vào đúng một cột “Tập thể” hoặc “Cá nhân”.",
    ]


def test_a_file_that_is_not_excel_is_refused(logged_in, campaign):
    bad = io.BytesIO(b"%PDF-1.4 not a workbook")
    bad.name = "phu-luc-1.xlsx"
    response = _upload(logged_in, campaign, bad)
    assert _errors(response) == ["Không đọc được tệp: cần bảng Excel (.xlsx) theo mẫu Phụ lục 1."]
    assert not DvkModel.objects.filter(campaign=campaign).exists()


def test_blank_template_downloads_and_reads_back_with_no_model(logged_in, campaign):
    response = logged_in.get(reverse("dvk:import_template", args=[campaign.pk]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet["B2"].value.endswith("Tên mô hình")
    assert [sheet.cell(4, c).value for c in range(1, 9)] == [f"({n})" for n in range(1, 9)]
    assert sheet["H3"].value == "Tập thể" and sheet["I3"].value == "Cá nhân"
    blank = io.BytesIO(response.content)
    blank.name = "mau.xlsx"
    assert _errors(_upload(logged_in, campaign, blank)) == [
        "Tệp không có dòng mô hình nào (dòng có STT “-”)."
    ]


def test_only_the_coordinator_imports(client, member, campaign):
    client.force_login(member)
    assert client.get(reverse("dvk:import", args=[campaign.pk])).status_code == 403
    assert _upload(client, campaign, phu_luc_1(ROWS)).status_code == 403


def test_the_templates_example_rows_are_ignored(logged_in, campaign):
    """A unit fills section II of the blank template and leaves section I's example rows."""
    rows = [
        ["I", "Mô hình tiếp tục duy trì từ năm 2025"] + [None] * 7,
        ["1", "Chi bộ, phòng ban, đơn vị…"] + [None] * 7,
        ["-", "Mô hình…"] + [None] * 7,
        ["II", "Mô hình đăng ký mới năm 2026"] + [None] * 7,
        ["1", "Chi bộ thôn Vàng"] + [None] * 7,
        ["-", "Tủ sách nhân ái", 1, "Thôn Vàng", "Chi bộ", "Văn hóa xã hội", "", "X", None],
    ]
    response = _upload(logged_in, campaign, phu_luc_1(rows))
    assert _errors(response) == []
    page = response.content.decode()
    assert "Chi bộ, phòng ban, đơn vị" not in page
    assert "Tủ sách nhân ái" in page


def test_a_model_without_its_organisation_row_is_named_by_the_model(logged_in, campaign):
    rows = [list(r) for r in ROWS]
    del rows[4]  # the organisation row above "Tủ sách nhân ái" (the section resets it)
    errors = _errors(_upload(logged_in, campaign, phu_luc_1(rows)))
    assert errors == [
        "Mô hình “Tủ sách nhân ái” (dòng 10): mô hình không thuộc tổ chức nào (thiếu dòng tổ chức)."
    ]
