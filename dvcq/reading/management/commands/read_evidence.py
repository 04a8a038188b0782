from django.core.management.base import BaseCommand, CommandError

from dvcq.reading.search import index_missing
from dvcq.reading.services import files_read_again, files_to_read


class Command(BaseCommand):
    help = (
        "Đưa việc đọc nội dung tệp minh chứng vào hàng đợi (tiến trình nền db_worker đọc) và "
        "đưa vào chỉ mục tìm kiếm các tài liệu chưa có: "
        "--missing cho tệp chưa đọc xong (tệp nộp trước khi có chức năng đọc, hoặc việc đọc bị "
        "ngắt), --all để đọc lại mọi tệp đang dùng."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="Đọc lại mọi tệp đang dùng.")
        which.add_argument(
            "--missing", action="store_true", help="Chỉ các tệp chưa có kết quả đọc."
        )

    def handle(self, *args, **options):
        if not (options["all"] or options["missing"]):
            raise CommandError("Chọn --missing (tệp chưa đọc) hoặc --all (đọc lại mọi tệp).")
        indexed = index_missing()
        if indexed:
            self.stdout.write(f"Đã đưa {indexed} tài liệu chưa có vào chỉ mục tìm kiếm.")
        files = files_to_read(missing_only=options["missing"])
        count = files_read_again(files=list(files), force=options["all"])
        self.stdout.write(self.style.SUCCESS(f"Đã đưa {count} tệp vào hàng đợi đọc."))
