from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from dvcq.backup.errors import BackupError
from dvcq.backup.services import backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `manage.py backup` vào cơ sở dữ liệu đã migrate mà chưa có "
        "dữ liệu và kho tệp trống, rồi kiểm tra từng bảng và từng tệp với bản kê."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Thư mục bản sao lưu.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Cơ sở dữ liệu (mặc định: default)."
        )

    def handle(self, *args, folder: Path, database: str, **options):
        try:
            result = backup_restore(folder, using=database)
        except BackupError as exc:
            raise CommandError(f"Khôi phục thất bại. {exc}") from None
        except Exception as exc:  # no traceback for the operator; the cause in one line
            raise CommandError(f"Khôi phục thất bại: {type(exc).__name__}: {exc}") from None
        if result.problems:
            raise CommandError(
                "Đã khôi phục nhưng kiểm tra không khớp với bản sao lưu:\n"
                + "\n".join(f"- {p}" for p in result.problems)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục và kiểm tra: {result.tables} bảng, {result.files} tệp khớp với "
                "bản sao lưu."
            )
        )
