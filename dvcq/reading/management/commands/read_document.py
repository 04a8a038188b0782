import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dvcq import wording
from dvcq.reading.reader import read_document

MISSING = "(không đọc được)"


class Command(BaseCommand):
    help = (
        "Đọc một văn bản (PDF, Word .docx, Excel .xlsx, OpenDocument, ảnh chụp hoặc bản quét) "
        "và in số, ký hiệu, ngày ban hành, cơ quan ban hành, tên loại và trích yếu."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Tệp cần đọc.")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="In JSON: number, issued_on, issuer, kind, summary, text, pages, ocr.",
        )
        parser.add_argument("--text", action="store_true", help="In cả nội dung đã đọc.")

    def handle(self, *args, file: Path, as_json: bool, text: bool, **options):
        data = _read_file(file)
        progress = None
        if options.get("verbosity", 1) > 1:

            def progress(done: int, total: int) -> None:
                self.stderr.write(f"Đã đọc {done}/{total} trang.")

        reading = read_document(data, file.name, progress=progress)
        if not reading.readable:
            raise CommandError(f"“{file.name}”: {reading.note}")
        if as_json:
            self.stdout.write(_dumps(reading.as_json()))
            return
        fields = reading.fields()
        how = "đọc bằng OCR" if reading.ocr else "đọc lớp chữ"
        lines = [
            f"Tệp: {file.name} ({reading.pages} trang, {how})",
            f"Số, ký hiệu: {fields['number'] or MISSING}",
            f"Ngày ban hành: {wording.day(reading.issued_on) or MISSING}",
            f"Cơ quan ban hành: {fields['issuer'] or MISSING}",
            f"Tên loại: {fields['kind'] or MISSING}",
            f"Trích yếu: {fields['summary'] or MISSING}",
        ]
        if reading.note:
            lines.append(f"Ghi chú: {reading.note}")
        if text:
            lines += ["", reading.text]
        self.stdout.write("\n".join(lines))


def _read_file(file: Path) -> bytes:
    if not file.exists():
        raise CommandError(f"Không tìm thấy tệp “{file}”.")
    if not file.is_file():
        raise CommandError(f"“{file}” không phải là một tệp.")
    try:
        return file.read_bytes()
    except OSError as error:
        raise CommandError(f"Không mở được tệp “{file}”: {error.strerror or error}.") from None


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
