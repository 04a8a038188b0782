"""manage.py onboard FILE.xlsx — units and accounts of a province from one workbook.

All or nothing: every problem is printed by sheet, row and column and nothing is saved. New
accounts get an e-mail invitation to set their password (links start with SITE_URL).
`--template OUT.xlsx` writes the empty workbook with its instructions; `--dry-run` only checks.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dvcq.org.invitations import send_invitations
from dvcq.org.onboarding import onboarding_apply, read_workbook, template_workbook
from dvcq.sheets import SheetProblems


class Command(BaseCommand):
    help = "Khai báo đơn vị và tài khoản từ tệp Excel (trang “Đơn vị” và “Tài khoản”)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="tệp .xlsx cần nhập")
        parser.add_argument("--template", metavar="OUT.xlsx", help="ghi tệp mẫu trống ra đây")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")

    def handle(self, *args, file=None, template=None, dry_run=False, **options):
        if template:
            template_workbook().save(template)
            self.stdout.write(f"Đã ghi tệp mẫu: {template}")
            return
        if not file:
            raise CommandError("Cần tên tệp .xlsx (hoặc --template OUT.xlsx để lấy tệp mẫu).")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không thấy tệp “{file}”.")
        try:
            with path.open("rb") as upload:
                plan = read_workbook(upload)
        except SheetProblems as refused:
            for message in refused.messages:
                self.stderr.write(f"- {message}")
            raise CommandError(
                f"Tệp có {len(refused.messages)} lỗi, chưa lưu gì. Sửa tệp rồi chạy lại."
            ) from None
        self.stdout.write(
            f"Đơn vị: {len(plan.new_units)} mới, {len(plan.changed_units)} cập nhật; "
            f"tài khoản: {len(plan.new_accounts)} mới, {len(plan.changed_accounts)} cập nhật."
        )
        if dry_run:
            self.stdout.write("Chỉ kiểm tra (--dry-run): chưa lưu gì.")
            return
        try:
            done = onboarding_apply(plan)
        except SheetProblems as refused:
            raise CommandError(" ".join(refused.messages)) from None
        sent = send_invitations(done.created_accounts)
        self.stdout.write(f"Đã lưu. Đã gửi {sent} thư mời đặt mật khẩu.")
