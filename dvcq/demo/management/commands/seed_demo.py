from django.core.management.base import BaseCommand

from dvcq.demo.org_data import DEMO_PASSWORD
from dvcq.demo.seed import demo_seed


class Command(BaseCommand):
    help = (
        "Tạo (hoặc cập nhật) dữ liệu mẫu: tỉnh Quảng Ngãi, các xã và một tài khoản cho mỗi vai trò."
    )

    def handle(self, *args, **options):
        accounts = demo_seed()
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng."))
        self.stdout.write(f"Mật khẩu chung của các tài khoản mẫu: {DEMO_PASSWORD}")
        for account in accounts:
            self.stdout.write(f"  {account.username:<22} {account.description}")
