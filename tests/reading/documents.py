"""A born-digital plan with the decree's header block (Nghị định 30/2020/NĐ-CP), made in the
test with python-docx: what an officer exports from Word and drops on the form."""

import io

from docx import Document

SUMMARY = "Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2025"


def plan_docx(number: str = "45/KH-UBND", day: str = "ngày 12 tháng 3 năm 2025") -> bytes:
    document = Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = f"Số: {number}"
    header.cell(1, 1).text = f"Ba Thành, {day}"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph(SUMMARY)
    document.add_paragraph(
        "Thực hiện Kế hoạch số 18/KH-UBND, Ủy ban nhân dân xã ban hành kế hoạch tuyên truyền "
        "trên các phương tiện thông tin đại chúng và trong các đợt sinh hoạt của cơ quan, đơn "
        "vị, địa phương như sau:"
    )
    document.add_paragraph("Đảng ủy xã chỉ đạo các chi bộ đăng ký mô hình mới.")
    document.add_paragraph("Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
