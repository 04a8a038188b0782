from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from dvcq.backup.errors import BackupError
from dvcq.backup.services import backup_write


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và mọi tệp đã lưu vào một thư mục mới, kèm bản kê manifest.json "
        "(số dòng từng bảng, SHA-256 từng tệp). Chạy hằng đêm bằng cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, type=Path, help="Thư mục mới hoặc trống để ghi bản sao lưu."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Cơ sở dữ liệu (mặc định: default)."
        )

    def handle(self, *args, output: Path, database: str, **options):
        try:
            summary = backup_write(output, using=database)
        except BackupError as exc:
            raise CommandError(f"Sao lưu thất bại. {exc}") from None
        except Exception as exc:  # no traceback for the operator; the cause in one line
            raise CommandError(f"Sao lưu thất bại: {type(exc).__name__}: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {output}: {summary.tables} bảng ({summary.rows} dòng), "
                f"{summary.files} tệp ({summary.bytes / 1024 / 1024:.1f} MB)."
            )
        )
