from django.core.management.base import BaseCommand
from django.utils import timezone

from evidence.reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi thư và thông báo nhắc hạn nộp minh chứng hằng ngày (chạy lại trong ngày không gửi trùng)."

    def handle(self, *args, **options):
        # The day in Asia/Ho_Chi_Minh, whatever the server's clock zone.
        today = timezone.localdate()
        sent = send_reminders(today)
        self.stdout.write(self.style.SUCCESS(f"{today:%d/%m/%Y}: đã gửi {sent} bản nhắc."))
