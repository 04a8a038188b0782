import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.validation import RefusedFile, sniff
from tests.evidence import files


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bao-cao.pdf", files.pdf(), "pdf"),
        ("anh-chup.jpg", files.jpeg(), "jpeg"),
        ("anh.PNG", files.png(), "png"),
        ("ke-hoach.docx", files.docx(), "docx"),
        ("danh-sach.xlsx", files.xlsx(), "xlsx"),
        ("van-ban.odt", files.odt(), "odt"),
        ("cu.doc", files.doc(), "doc"),
        ("cu.xls", files.xls(), "xls"),
    ],
)
def test_each_allowed_kind_is_recognised_by_its_bytes(name, content, kind):
    assert sniff(SimpleUploadedFile(name, content)).kind == kind


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bao-cao.pdf.exe", b"MZ\x90\x00", "không được nhận"),
        ("bao-cao.pdf", b"<html><body>gia mao</body></html>", "không phải là tệp .pdf thật"),
        ("trong.pdf", b"", "tệp rỗng"),
        ("bom.docx", files.zip_bomb(), "tệp nén bất thường"),
        ("anh.png", files.pdf(), "không phải là tệp .png thật"),
        ("ke-hoach.docx", files.xlsx(), "không phải là tệp .docx thật"),
    ],
)
def test_refusals_name_the_file_and_the_reason(name, content, reason):
    with pytest.raises(RefusedFile) as refused:
        sniff(SimpleUploadedFile(name, content))
    assert name in str(refused.value) and reason in str(refused.value)
