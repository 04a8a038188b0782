"""The header fields read from text as extraction and OCR give it: both columns on one line or
on lines of their own, OCR's slips, numbers and dates quoted in the body."""

from datetime import date

import pytest

from dvcq.reading.header import kind_of_title, parse_header, typed_issuer

PLAN = """ỦY BAN NHÂN DÂN
XÃ BA THÀNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND\tBa Thành, ngày 12 tháng 3 năm 2026

KẾ HOẠCH
Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo”
năm 2026

Căn cứ Kế hoạch số 18/KH-UBND ngày 10/02/2026 của UBND xã về thực hiện công tác dân vận;
Ủy ban nhân dân xã Ba Thành ban hành Kế hoạch như sau:
"""

# The same page as OCR reads it: the columns run together, "Số" and the marks misread.
PLAN_OCR = """ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM

XÃ BA THÀNH Độc lập – Tự do – Hạnh phúc
S6: 45/KH - UBND Ba Thành, ngảy 12 thắng 3 nằm 2026
—
KẾ HOACH

Tuyên truyền, nhân rộng các mô hình, điển hình "Dân vận khéo"
năm 2026
_—
Căn cứ Kế hoạch số 18/KH-UBND ngày 10/02/2026 của UBND xã;
"""

PARTY = """ĐẢNG BỘ TỈNH QUẢNG NGÃI\tĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ BA THÀNH
*
Số 12-KH/ĐU\tBa Thành, ngày 05 tháng 02 năm 2026

KẾ HOẠCH
thực hiện phong trào thi đua “Dân vận khéo” năm 2026
-----
Thực hiện Hướng dẫn số 12-HD/BTGDVTU, ngày 10/01/2026 của Ban Tuyên giáo và Dân vận Thành ủy
"""

LETTER = """UBND TỈNH QUẢNG NGÃI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc
Số: 269/SNV-XDCQ\tQuảng Ngãi, ngày 23 tháng 10 năm 2025
V/v hướng dẫn chấm điểm công tác
dân vận chính quyền năm 2025

Kính gửi: Ủy ban nhân dân các xã, phường.
Căn cứ Quyết định số 1211/QĐ-UBND ngày 02/11/2022 của UBND tỉnh;
"""


def test_it_reads_every_field_of_a_plan():
    fields = parse_header(PLAN)
    assert fields.number == "45/KH-UBND"
    assert fields.issued_on == date(2026, 3, 12)
    assert fields.issuer == "UBND xã Ba Thành"
    assert fields.kind == "Kế hoạch"
    assert fields.summary == (
        "Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2026"
    )


def test_it_reads_the_same_plan_through_ocr_noise():
    fields = parse_header(PLAN_OCR)
    assert (fields.number, fields.issued_on, fields.issuer, fields.kind) == (
        "45/KH-UBND",
        date(2026, 3, 12),
        "UBND xã Ba Thành",
        "Kế hoạch",
    )
    assert fields.summary == (
        "Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2026"
    )


def test_it_reads_a_party_document():
    fields = parse_header(PARTY)
    assert fields.number == "12-KH/ĐU"
    assert fields.issued_on == date(2026, 2, 5)
    assert fields.issuer == "Đảng ủy xã Ba Thành"
    assert fields.kind == "Kế hoạch"
    assert fields.summary == "thực hiện phong trào thi đua “Dân vận khéo” năm 2026"


def test_a_letter_is_a_cong_van_with_its_v_v_as_summary_and_the_lower_body_as_issuer():
    fields = parse_header(LETTER)
    assert fields.kind == "Công văn"
    assert fields.summary == "V/v hướng dẫn chấm điểm công tác dân vận chính quyền năm 2025"
    assert fields.number == "269/SNV-XDCQ"
    assert fields.issuer == "Sở Nội vụ"
    assert fields.issued_on == date(2025, 10, 23)


def test_a_letter_whose_v_v_shares_lines_with_the_date():
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "XÃ BA THÀNH Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/UBND-VX\n"
        "V/v đăng ký mô hình Ba Thành, ngày 02 tháng 3 năm 2026\n"
        "“Dân vận khéo” năm 2026\n"
        "\n"
        "Kính gửi: Các ban, ngành, đoàn thể.\n"
    )
    fields = parse_header(text)
    assert fields.kind == "Công văn"
    assert fields.summary == "V/v đăng ký mô hình “Dân vận khéo” năm 2026"
    assert fields.issued_on == date(2026, 3, 2)
    assert fields.number == "12/UBND-VX"


@pytest.mark.parametrize(
    "line, number",
    [
        ("Số: 45/KH-UBND", "45/KH-UBND"),
        ("Số:45/KH-UBND", "45/KH-UBND"),
        ("S6: 45/KH - UBND", "45/KH-UBND"),
        ("Sô: 269/BC- UBND", "269/BC-UBND"),
        ("Số 12-KH/ĐU", "12-KH/ĐU"),
        ("Số 12 - KH / ĐU", "12-KH/ĐU"),
        ("Số: 01/2026/QĐ-UBND", "01/2026/QĐ-UBND"),
        ("Số: 05/TTr-UBND", "05/TTr-UBND"),
        ("Số: 25KH-UBND", "25/KH-UBND"),  # OCR lost the slash
        ("Số: 7/QD-UBND", "7/QĐ-UBND"),  # and the stroke of Đ
        ("Số 161-CT/ĐĐĐU", "161-CT/ĐU"),  # a bold Đ read three times
        ("Số: 12/UBND-VX", "12/UBND-VX"),
        ("Số: 45/KH-UBND Ba Thành, ngày 12 tháng 3 năm 2026", "45/KH-UBND"),
    ],
)
def test_it_reads_numbers_as_offices_and_ocr_write_them(line, number):
    assert parse_header(f"ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\n{line}\n").number == number


def test_a_draft_without_its_number_has_none():
    text = "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố:        /KH - UBND\nKẾ HOẠCH\nKhắc phục\n"
    assert parse_header(text).number == ""


def test_a_garbled_kind_code_is_set_right_from_the_title():
    text = "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố: 331/TI-UBND\nTỜ TRÌNH\nĐề nghị công nhận\n"
    assert parse_header(text).number == "331/TTr-UBND"
    text = "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố: 86/QĐĐ-UBND\nQUYẾT ĐỊNH\nVề việc\n"
    assert parse_header(text).number == "86/QĐ-UBND"


@pytest.mark.parametrize(
    "line, day",
    [
        ("Ba Thành, ngày 12 tháng 3 năm 2026", date(2026, 3, 12)),
        ("Ba Thành, ngày 05 tháng 02 năm 2026", date(2026, 2, 5)),
        ("Ba Thành , ngày  5  tháng 2 năm 2026", date(2026, 2, 5)),
        ("Ba Thành, ngảy 12 thắng 3 nằm 2026", date(2026, 3, 12)),
        ("Ba Thành, ngay 12 thang 03 nam 2O26", date(2026, 3, 12)),
        ("Ba Thành ngày 1 2 tháng 3 năm 2026", date(2026, 3, 12)),
        ("Trương Quang Trọng, ngày 30 tháng 4 năm 2025", date(2025, 4, 30)),
        ("Ba Thành, ngày 31 tháng 11 năm 2026", None),  # no such day
        ("Ba Thành, ngày 29 tháng 2 năm 2026", None),
        ("Ba Thành, ngày      tháng 02 năm 2025", None),  # a draft's blank day
    ],
)
def test_it_reads_the_place_date_line(line, day):
    text = f"ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố: 45/KH-UBND\n{line}\nKẾ HOẠCH\nTuyên truyền\n"
    assert parse_header(text).issued_on == day


def test_dates_and_numbers_quoted_in_the_body_are_not_the_documents():
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố:        /KH-UBND\nBa Thành, ngày    tháng 3 năm 2026\n"
        "KẾ HOẠCH\nTuyên truyền năm 2026\n\n"
        "Căn cứ Kế hoạch số 18/KH-UBND ngày 10/02/2026 của UBND xã;\n"
        "Hội nghị tổ chức tại Ba Thành, ngày 20 tháng 4 năm 2026.\n"
    )
    fields = parse_header(text)
    assert fields.number == ""
    assert fields.issued_on is None


def test_header_lines_ocr_put_below_the_title_are_found_there():
    text = (
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ PHƯỚC GIANG\n\n"
        "QUYẾT ĐỊNH\nVề việc thành lập Tổ thẩm định\n\nSố: 311/QĐ-UBND\n\n"
        "Phước Giang, ngày 25 tháng 9 năm 2026\nCHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHƯỚC GIANG\n"
        "Căn cứ Kế hoạch số 18/KH-UBND ngày 10/02/2026;\n"
    )
    fields = parse_header(text)
    assert (fields.number, fields.issued_on) == ("311/QĐ-UBND", date(2026, 9, 25))
    assert fields.summary == "Về việc thành lập Tổ thẩm định"


def test_below_the_title_only_lines_that_are_nothing_else_count():
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nKẾ HOẠCH\nTuyên truyền\n\nCăn cứ Kế hoạch\n"
        "Số: 18/KH-UBND ngày 10/02/2026 của UBND xã;\nhọp tại\n"
        "Ba Thành, ngày 20 tháng 4 năm 2026 với thành phần\n"
    )
    fields = parse_header(text)
    assert (fields.number, fields.issued_on) == ("", None)


def test_a_decision_s_summary_stops_at_the_authority_line():
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố: 114/QĐ-UBND\tBa Thành, ngày 23 tháng 01 năm 2025\n"
        "QUYẾT ĐỊNH\nVề việc phê duyệt kết quả đánh giá, phân loại công tác dân vận\n"
        "chính quyền năm 2024\nCHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BA THÀNH\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt kết quả.\n"
    )
    fields = parse_header(text)
    assert fields.kind == "Quyết định"
    assert fields.summary == (
        "Về việc phê duyệt kết quả đánh giá, phân loại công tác dân vận chính quyền năm 2024"
    )
    assert fields.issued_on == date(2025, 1, 23)


@pytest.mark.parametrize(
    "after, summary",
    [
        # The body begins without a blank line (a PDF's text layer, a Word file).
        ("Báo cáo kết quả\nThực hiện Kế hoạch số 18/KH-UBND", "Báo cáo kết quả"),
        ("Kết quả năm 2024\nKính gửi: UBND tỉnh.", "Kết quả năm 2024"),
        ("Hội nghị thẩm định\nHôm nay, vào lúc 8 giờ", "Hội nghị thẩm định"),
        ("Kết quả\nI. MỤC ĐÍCH, YÊU CẦU", "Kết quả"),
        # A line of digits is the summary's, not a speck: "… năm" / "2024".
        ("Sơ kết 6 tháng đầu năm\n2024\n\nCăn cứ", "Sơ kết 6 tháng đầu năm 2024"),
        ("giai đoạn 2026\n- 2030\n-----\nThực hiện", "giai đoạn 2026 - 2030"),
        # Specks OCR reads around and inside it.
        ("'Về kết quả kiểm tra .\n\nNhững năm qua", "Về kết quả kiểm tra"),
        ("Về việc gắn với . thực hiện\n\nCăn cứ", "Về việc gắn với thực hiện"),
        (":\t2024 kết quả\n\nCăn cứ", "2024 kết quả"),
        ("của Ủy ban nhân\nSI\tdân đặc khu Lý Sơn\n\nCăn cứ", "của Ủy ban nhân dân đặc khu Lý Sơn"),
        # OCR read the trích yếu as two blocks: the gap is crossed when the next goes on in
        # lower case, not when the body begins.
        ("Quy chế dân\n\nchủ ở cơ sở\n\nCHỦ TỊCH", "Quy chế dân chủ ở cơ sở"),
        ("Quy chế dân chủ\n\nNhững năm qua, công tác", "Quy chế dân chủ"),
        ("Quy chế dân chủ\n\ntrong thời gian qua.\n-----", "Quy chế dân chủ trong thời gian qua"),
        # …but not into the tail of a body line a photo's perspective cut off mid-word.
        ("của Đảng ủy xã An Lư\n\ng ủy xã An Lư tổ chức họp; sau khi", "của Đảng ủy xã An Lư"),
        ("của Đảng ủy\n\nở cơ sở năm 2026\n\nNgày 06/05", "của Đảng ủy ở cơ sở năm 2026"),
    ],
)
def test_the_summary_ends_where_the_body_begins(after, summary):
    text = f"ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố: 1/BC-UBND\nBÁO CÁO\n{after}\n"
    assert parse_header(text).summary == summary


@pytest.mark.parametrize(
    "line, kind",
    [
        ("KẾ HOẠCH", "Kế hoạch"),
        ("KÉ HOẠCH", "Kế hoạch"),
        ("KE HOACH", "Kế hoạch"),
        ("BÁO CÁO _", "Báo cáo"),
        ("QUYÉT ĐỊNH", "Quyết định"),
        ("THÔNG BÁO", "Thông báo"),
        ("BIÊN BẢN", "Biên bản"),
        ("NGHỊ QUYẾT", "Nghị quyết"),
        ("CHỈ THỊ", "Chỉ thị"),
        ("HƯỚNG DẪN", "Hướng dẫn"),
        ("TỜ TRÌNH", "Tờ trình"),
        ("CHƯƠNG TRÌNH", "Chương trình"),
        ("KẾT LUẬN", "Kết luận"),
        ("QUY CHẾ", "Quy chế"),
        ("GIẤY MỜI", "Giấy mời"),
        ("ĐỀ ÁN", "Đề án"),
        ("DỰ ÁN", "Dự án"),
        ("CHỦ TỊCH", None),
        ("I. MỤC ĐÍCH, YÊU CẦU", None),
        ("Kế hoạch", None),  # a title is in capitals
    ],
)
def test_it_knows_the_kinds_of_documents_by_their_titles(line, kind):
    assert kind_of_title(line) == kind


def test_without_a_title_or_v_v_the_kind_comes_from_the_symbol():
    text = "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố: 269/BC-UBND\nBa Thành, ngày 23 tháng 10 năm 2024\n"
    assert parse_header(text).kind == "Báo cáo"


@pytest.mark.parametrize(
    "lines, typed",
    [
        (["ỦY BAN NHÂN DÂN", "XÃ BA THÀNH"], "UBND xã Ba Thành"),
        (["UỶ BAN NHÂN DÂN", "PHƯỜNG TRƯƠNG QUANG TRỌNG"], "UBND phường Trương Quang Trọng"),
        (["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"], "UBND tỉnh Quảng Ngãi"),
        (["ỦY BAN NHÂN DÂN", "ĐẶC KHU LÝ SƠN"], "UBND đặc khu Lý Sơn"),
        (["UBND TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ"], "Sở Nội vụ"),
        (["UBND TỈNH QUẢNG NGÃI", "SỞ GIÁO DỤC VÀ", "ĐÀO TẠO"], "Sở Giáo dục và Đào tạo"),
        (["SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"], "Sở Văn hóa, Thể thao và Du lịch"),
        (["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "ĐẢNG ỦY XÃ BA THÀNH"], "Đảng ủy xã Ba Thành"),
        (["ĐẢNG BỘ XÃ BA THÀNH", "CHI BỘ THÔN AN HÒA"], "Chi bộ thôn An Hòa"),
        (["ĐẢNG BỘ XÃ BA THÀNH", "CHI BỘ THÔN 3"], "Chi bộ thôn 3"),
        (["ĐẢNG ỦY XÃ BA THÀNH", "BAN XÂY DỰNG ĐẢNG"], "Ban Xây dựng Đảng"),
        (["THÀNH ỦY HẢI PHÒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN"], "Ban Tuyên giáo và Dân vận"),
        (
            ["ỦY BAN MẶT TRẬN TỔ", "QUỐC VIỆT NAM", "XÃ KIẾN THỤY"],
            "Ủy ban Mặt trận Tổ quốc Việt Nam xã Kiến Thụy",
        ),
        (["HỘI LIÊN HIỆP PHỤ NỮ", "XÃ BA THÀNH"], "Hội Liên hiệp Phụ nữ xã Ba Thành"),
        (["CÔNG AN XÃ BA THÀNH"], "Công an xã Ba Thành"),
        (["ĐĂNG ỦY XÂ BA THÀNH"], "Đảng ủy xã Ba Thành"),  # OCR's marks on head and level
        (["ỦYBAN NHÂN DÂN", "XÃ BA THÀNH"], "UBND xã Ba Thành"),  # and a lost space
        (["ỦY. BAN NHÂN DÂN", "PHƯỜNG NGHĨA LỘ"], "UBND phường Nghĩa Lộ"),  # and specks
        (["ĐẢNG ỦY XÃ BA THÀNH", "BAN XÂY DỰNG.ĐẢNG"], "Ban Xây dựng Đảng"),
    ],
)
def test_the_issuer_is_written_as_an_officer_types_it(lines, typed):
    assert typed_issuer(lines) == typed


def test_a_misread_place_is_written_as_the_document_writes_it_most_often():
    text = PLAN.replace("XÃ BA THÀNH", "XÃ BA THẢNH") + "Ủy ban nhân dân xã Ba Thành báo cáo.\n"
    assert parse_header(text).issuer == "UBND xã Ba Thành"


def test_a_word_ocr_added_to_the_place_goes_when_the_document_never_repeats_it():
    text = PLAN.replace("XÃ BA THÀNH", "XÃ BA THÀNH LẢ")
    assert parse_header(text).issuer == "UBND xã Ba Thành"


def test_the_seed_plan_reads_despite_its_flattened_header():
    # Seed 001: a Word header flattened with tabs, an unnumbered draft, a two-line trích yếu.
    text = (
        " \tỦY BAN NHÂN DÂN\n\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n\tXÃ BA THÀNH\n\n"
        "Số:        /KH - UBND\n\tĐộc lập - Tự do - Hạnh phúc\n\n"
        "Ba Thành, ngày         tháng 02  năm 2025\n\n\nKẾ HOẠCH\n"
        "Khắc phục, cải thiện và nâng cao chỉ số\n dân vận chính quyền của xã Ba Thành năm 2025\n\n"
        "Thực hiện Quyết định số 114/QĐ- UBND ngày 23/01/2025 của - UBND huyện …\n"
    )
    fields = parse_header(text)
    assert fields.issuer == "UBND xã Ba Thành"
    assert fields.kind == "Kế hoạch"
    assert fields.number == ""
    assert fields.issued_on is None
    assert fields.summary == (
        "Khắc phục, cải thiện và nâng cao chỉ số dân vận chính quyền của xã Ba Thành năm 2025"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "Lorem ipsum", "KẾ HOẠCH", "Số:", "x" * 100_000])
def test_text_with_no_header_gives_empty_fields(text):
    fields = parse_header(text)
    assert fields.number == "" and fields.issued_on is None
