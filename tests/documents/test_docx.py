from io import BytesIO

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dvcq.documents.docx_renderer import render_docx
from tests.documents.sample import BODY, sample_report


def _mm(length) -> int:
    """Word stores lengths in twips; compare to the millimetre."""
    return round(length.mm)


def _open(report):
    return Document(BytesIO(render_docx(report)))


def _texts(cell):
    return [p.text for p in cell.paragraphs if p.text]


def _runs(cell, text):
    return [r for p in cell.paragraphs for r in p.runs if r.text == text]


def test_page_is_a4_with_the_decree_margins_and_times_new_roman():
    document = _open(sample_report())
    section = document.sections[0]
    assert _mm(section.page_width) == 210 and _mm(section.page_height) == 297
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert [_mm(m) for m in (section.top_margin, section.bottom_margin)] == [20, 20]
    assert [_mm(m) for m in (section.left_margin, section.right_margin)] == [30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"


def test_header_block_has_body_number_motto_and_date():
    document = _open(sample_report())
    header = document.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) == "nil" for b in borders)
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert _texts(left) == ["ỦY BAN NHÂN DÂN", "XÃ BA THÀNH"]
    assert all(r.bold for r in _runs(left, "XÃ BA THÀNH") + _runs(left, "ỦY BAN NHÂN DÂN"))
    assert _texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    motto = _runs(right, "Độc lập - Tự do - Hạnh phúc")[0]
    assert motto.bold and motto.font.size == Pt(14)
    # The short rules under the issuing body and the motto.
    assert left._tc.xpath(".//w:pBdr/w:bottom") and right._tc.xpath(".//w:pBdr/w:bottom")
    assert _texts(header.cell(1, 0)) == ["Số: 25/KH-UBND"]
    date_run = _runs(header.cell(1, 1), "Ba Thành, ngày 25 tháng 02 năm 2025")[0]
    assert date_run.italic and date_run.font.size == Pt(14)


def test_title_body_and_table():
    document = _open(sample_report())
    paragraphs = [p for p in document.paragraphs if p.text]
    title = next(p for p in paragraphs if p.text == "KẾ HOẠCH")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    body = next(p for p in paragraphs if p.text == BODY)
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent == Cm(1.27)
    assert body.paragraph_format.space_after >= Pt(6)
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Nội dung", "Điểm", "Hạn"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    group = table.rows[1]
    assert group.cells[0]._tc.grid_span == 4
    assert [c.text for c in table.rows[2].cells][2:] == ["2,50", "24/10/2025"]
    # Body rows never split across a page break (Word moves the row whole).
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows[1:])


def test_signature_block_and_recipients():
    document = _open(sample_report())
    # The signature closes the main text, before the annex's section.
    signature = document.tables[2]
    left, right = signature.cell(0, 0), signature.cell(0, 1)
    heading = _runs(left, "Nơi nhận:")[0]
    assert heading.bold and heading.italic and heading.font.size == Pt(12)
    assert _texts(left)[1:] == ["- Phòng Nội vụ huyện;", "- Đảng ủy xã;", "- Lưu: VT, VP."]
    assert _runs(left, "- Đảng ủy xã;")[0].font.size == Pt(11)
    assert _texts(right) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Ơn"]
    assert all(r.bold for t in _texts(right) for r in _runs(right, t))
    # The signer's name never ends up alone on the next page.
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_an_attached_sheet_is_signed_without_recipients():
    from dataclasses import replace

    report = sample_report()
    report = replace(report, meta=replace(report.meta, show_recipients=False))
    left = _open(report).tables[2].cell(0, 0)
    assert "Nơi nhận:" not in _texts(left)


def test_page_numbers_from_page_two_and_a_landscape_annex_section():
    document = _open(sample_report())
    first, annex = document.sections[0], document.sections[1]
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml
    assert not first.first_page_header.paragraphs[0].text
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert (_mm(annex.page_width), _mm(annex.page_height)) == (297, 210)
    assert any(p.text == "Phụ lục I" and p.runs[0].bold for p in document.paragraphs)
    attachment = next(p for p in document.paragraphs if p.text.startswith("(Kèm theo"))
    assert attachment.runs[0].italic


def test_party_style_follows_guidance_36():
    document = _open(sample_report(style="party", number="12"))
    header = document.tables[0]
    left = _texts(header.cell(0, 0))
    assert left == ["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "ĐẢNG ỦY XÃ BA THÀNH", "*"]
    assert not _runs(header.cell(0, 0), "ĐẢNG BỘ TỈNH QUẢNG NGÃI")[0].bold
    assert _runs(header.cell(0, 0), "ĐẢNG ỦY XÃ BA THÀNH")[0].bold
    motto = _runs(header.cell(0, 1), "ĐẢNG CỘNG SẢN VIỆT NAM")[0]
    assert motto.bold and motto.font.size == Pt(15)
    assert _texts(header.cell(1, 0)) == ["Số 12-KH/ĐU"]
    assert _texts(document.tables[2].cell(0, 1))[:2] == [
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ THƯỜNG TRỰC",
    ]


@pytest.mark.parametrize("style", ["admin", "party"])
def test_a_draft_leaves_the_number_and_day_blank(style):
    document = _open(sample_report(style=style, number="", when=None))
    number = _texts(document.tables[0].cell(1, 0))[0]
    when = _texts(document.tables[0].cell(1, 1))[0]
    blank = "\u00a0" * 6
    assert number == (f"Số {blank}-KH/ĐU" if style == "party" else f"Số: {blank}/KH-UBND")
    assert when == f"Ba Thành, ngày{blank}tháng{blank}năm 2025"
