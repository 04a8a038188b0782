import subprocess
from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from dvcq.documents.pdf_renderer import render_pdf
from dvcq.documents.xlsx_renderer import render_xlsx
from tests.documents.sample import BODY, sample_report


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "ke-hoach.pdf"
    path.write_bytes(render_pdf(sample_report()))
    return path


def _pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_text_round_trips_the_vietnamese_exactly(pdf_path):
    text = " ".join(_pdftotext(pdf_path).split())
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "XÃ BA THÀNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 25/KH-UBND",
        "Ba Thành, ngày 25 tháng 02 năm 2025",
        "KẾ HOẠCH",
        "I. MỤC TIÊU, CHỈ TIÊU",
        " ".join(BODY.split()),
        "Nơi nhận:",
        "- Lưu: VT, VP.",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn Ơn",
        "Phụ lục I",
        "2,50",
        "24/10/2025",
    ]:
        assert expected in text, expected


def test_pdf_embeds_liberation_serif_and_no_fallback_font(pdf_path):
    fonts = subprocess.run(
        ["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows, fonts
    for row in rows:
        assert "Liberation-Serif" in row[0], fonts
        assert row[-5] == "yes"  # embedded


def test_pdf_numbers_pages_from_two_and_turns_the_annex_landscape(pdf_path):
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9", str(pdf_path)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [line for line in info.splitlines() if line.startswith("Page") and "size" in line]
    assert "595.276 x 841.89" in sizes[0]  # A4 portrait
    assert "841.89 x 595.276" in sizes[-1]  # A4 landscape
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf_path), "-"], capture_output=True, text=True
    ).stdout
    second_page = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf_path), "-"], capture_output=True, text=True
    ).stdout
    assert first_page.split()[0] == "ỦY"
    assert second_page.split()[0] == "2"


def test_xlsx_has_typed_cells_merged_groups_and_a4_landscape():
    sheet = load_workbook(BytesIO(render_xlsx(sample_report()))).active
    assert sheet.title == "Kết quả"
    assert sheet["A1"].value == "Phụ lục I"
    assert [c.value for c in sheet[4]] == ["TT", "Nội dung", "Điểm", "Hạn"]
    assert sheet.freeze_panes == "A5"
    assert "A5:D5" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["C6"].value == 2.5 and sheet["C6"].number_format == "0.00"
    assert isinstance(sheet["D6"].value, datetime) and sheet["D6"].number_format == "DD/MM/YYYY"
    assert sheet["C7"].value == 78.5 and sheet["C7"].font.bold
    assert (
        sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    )  # A4
    assert sheet.column_dimensions["B"].width == 45
