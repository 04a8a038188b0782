"""The reader stands in for the real one in these tests (tests/reading/test_real_reader.py uses
the real one): it answers what a test told it, for any file whose bytes hold a given word."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dvcq.reading.reader import DocumentReading

PLAN_TEXT = (
    "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH\nSố: 45/KH-UBND\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Ba Thành, ngày 12 tháng 3 năm 2025\nKẾ HOẠCH\n"
    "Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2025\n"
    "Thực hiện tuyên truyền trên các phương tiện thông tin đại chúng và trong các đợt sinh hoạt "
    "của cơ quan, đơn vị, địa phương.\n"
    "Đảng ủy xã chỉ đạo các chi bộ đăng ký mô hình mới."
)
PLAN = DocumentReading(
    text=PLAN_TEXT,
    pages=2,
    number="45/KH-UBND",
    issued_on=date(2025, 3, 12),
    issuer="UBND xã Ba Thành",
    kind="Kế hoạch",
    summary="Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2025",
    page_texts=PLAN_TEXT.split("\nKẾ HOẠCH\n", 1),
)


@dataclass
class FakeReader:
    """Answers `answers[word]` for a file whose bytes contain `word` (else an unreadable file),
    and remembers the names it was asked to read."""

    answers: dict[bytes, DocumentReading] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    fail_with: Exception | None = None

    def __call__(self, data: bytes, name: str, progress=None) -> DocumentReading:
        self.calls.append(name)
        if self.fail_with is not None:
            raise self.fail_with
        for word, answer in self.answers.items():
            if word in data:
                if progress is not None:
                    for page in range(1, answer.pages + 1):
                        progress(page, answer.pages)
                return answer
        return DocumentReading(readable=False, note="Tệp không có chữ nào đọc được.")


@pytest.fixture
def reader(monkeypatch):
    fake = FakeReader(answers={b"ke hoach": PLAN})
    monkeypatch.setattr("dvcq.reading.services.read_document", fake)
    return fake


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Runs the jobs queued after the commit (the tests' transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


RECORD = {
    "kind": "Kế hoạch",
    "number": "45/KH-UBND",
    "issued_on": "12/03/2025",
    "issuer": "UBND xã Ba Thành",
    "summary": "Kế hoạch tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2025",
}


def file_record(client, item, *uploads, **fields):
    return client.post(
        f"/minh-chung/noi-dung/{item.pk}/them/",
        {**RECORD, **fields, "files": list(uploads)},
        follow=True,
    )
