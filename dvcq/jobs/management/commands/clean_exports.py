from django.core.management.base import BaseCommand

from dvcq.jobs.services import jobs_expire


class Command(BaseCommand):
    help = "Xóa các tệp đã xuất (và tác vụ nền) quá hạn lưu giữ 7 ngày."

    def handle(self, *args, **options):
        count = jobs_expire()
        self.stdout.write(self.style.SUCCESS(f"Đã xóa {count} tệp đã xuất quá hạn."))
