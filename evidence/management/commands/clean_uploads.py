from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evidence.cleanup import orphans_clean, temp_files_clean


class Command(BaseCommand):
    help = (
        "Xóa tệp tạm của các lần tải lên bị ngắt và tệp đã lưu mà không tài liệu nào dùng, "
        "cũ hơn số giờ cho trước (chạy hằng ngày bằng cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=settings.UPLOAD_ORPHAN_HOURS,
            help="Chỉ xóa tệp cũ hơn chừng này giờ (mặc định UPLOAD_ORPHAN_HOURS).",
        )

    def handle(self, *args, hours: float, **options):
        if hours < 1:
            # A younger stored file may belong to an upload whose row is about to commit.
            raise CommandError("--hours phải từ 1 trở lên.")
        older_than = timezone.now() - timedelta(hours=hours)
        temp = temp_files_clean(older_than=older_than)
        orphans = orphans_clean(older_than=older_than)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xóa {temp} tệp tạm và {orphans} tệp không thuộc tài liệu nào "
                f"(cũ hơn {hours:g} giờ)."
            )
        )
