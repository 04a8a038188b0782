"""`manage.py read_document FILE [--json]`."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from .corpus import make_document


@pytest.fixture
def plan(tmp_path) -> tuple[Path, object]:
    document = make_document("tests", 0)
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(document.pdf())
    return path, document.truth


def _run(*args) -> str:
    out = StringIO()
    call_command("read_document", *args, stdout=out)
    return out.getvalue()


def test_json_gives_the_fields_the_text_and_how_it_was_read(plan):
    path, truth = plan
    printed = json.loads(_run(str(path), "--json"))
    assert {key: printed[key] for key in truth.fields()} == truth.fields()
    assert printed["pages"] == 1 and printed["ocr"] is False
    assert truth.summary in " ".join(printed["text"].split())
    assert set(printed) == {
        "number",
        "issued_on",
        "issuer",
        "kind",
        "summary",
        "text",
        "pages",
        "ocr",
    }


def test_without_json_it_prints_a_summary_in_vietnamese(plan):
    path, truth = plan
    printed = _run(str(path))
    assert f"Số, ký hiệu: {truth.number}" in printed
    assert f"Ngày ban hành: {truth.issued_on:%d/%m/%Y}" in printed
    assert f"Cơ quan ban hành: {truth.issuer}" in printed
    assert f"Tên loại: {truth.kind}" in printed
    assert f"Trích yếu: {truth.summary}" in printed
    assert "(1 trang, đọc lớp chữ)" in printed


def test_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        _run(str(tmp_path / "khong-co.pdf"))


def test_a_folder(tmp_path):
    with pytest.raises(CommandError, match="không phải là một tệp"):
        _run(str(tmp_path))


def test_an_unsupported_file(tmp_path):
    path = tmp_path / "ghi-chu.txt"
    path.write_text("Ghi chú")
    with pytest.raises(CommandError, match="Không đọc được loại tệp này"):
        _run(str(path))


def test_from_the_shell_an_unreadable_file_exits_1_with_a_message_and_no_traceback(tmp_path):
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4\nhong")
    done = subprocess.run(
        [sys.executable, "manage.py", "read_document", str(path), "--json"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Tệp PDF bị hỏng, không đọc được nội dung." in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
