from django.core.management.base import BaseCommand
from django.utils import timezone

from evidence.reminders import send_reminders
from evidence.tasks import send_reminders_task


class Command(BaseCommand):
    help = "Gửi thư và thông báo nhắc hạn nộp minh chứng hằng ngày (chạy lại trong ngày không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Chỉ đưa việc gửi vào hàng đợi; tiến trình nền (db_worker) gửi.",
        )

    def handle(self, *args, **options):
        # The day in Asia/Ho_Chi_Minh, whatever the server's clock zone.
        today = timezone.localdate()
        if options["queue"]:
            result = send_reminders_task.enqueue(today.isoformat())
            self.stdout.write(
                self.style.SUCCESS(
                    f"{today:%d/%m/%Y}: đã đưa việc gửi nhắc hạn vào hàng đợi ({result.id})."
                )
            )
            return
        sent = send_reminders(today)
        self.stdout.write(self.style.SUCCESS(f"{today:%d/%m/%Y}: đã gửi {sent} bản nhắc."))
