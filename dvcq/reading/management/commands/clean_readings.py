from django.core.management.base import BaseCommand

from dvcq.reading.services import staged_readings_expire


class Command(BaseCommand):
    help = (
        "Xóa các tệp đọc thử trên biểu mẫu nộp minh chứng quá một ngày (chạy hằng ngày bằng cron)."
    )

    def handle(self, *args, **options):
        count = staged_readings_expire()
        self.stdout.write(self.style.SUCCESS(f"Đã xóa {count} tệp đọc thử quá hạn."))
