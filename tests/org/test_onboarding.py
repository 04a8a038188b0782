"""Onboarding a province from one workbook, and the invitations that follow."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from dvcq.org.models import Position, Role, Unit, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UNITS = [
    ["Mã", "Tên", "Loại", "Đơn vị cấp trên"],
    ["quang-ngai", "Tỉnh Quảng Ngãi", "Tỉnh", ""],
    ["son-tinh", "Xã Sơn Tịnh", "Xã", "quang-ngai"],
    ["cam-thanh", "Phường Cẩm Thành", "Phường", "quang-ngai"],
]
ACCOUNTS = [
    ["Tên đăng nhập", "Họ và tên", "Email", "Đơn vị", "Vai trò", "Chức danh"],
    ["sontinh.vanphong", "Ngô Văn Một", "vp@sontinh.example", "son-tinh", "Văn phòng, Lãnh đạo",
     "Công chức Văn phòng - Thống kê"],
    ["sontinh.canbo", "Hồ Thị Hai", "cb@sontinh.example", "son-tinh", "Cán bộ",
     "Công chức Tư pháp - Hộ tịch; công chức văn hóa - xã hội"],
    ["tinh.thamdinh", "Lý Văn Ba", "td@quangngai.example", "quang-ngai", "Đánh giá", ""],
]  # fmt: skip


def workbook(units=UNITS, accounts=ACCOUNTS, name="khai-bao.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    for row in units:
        sheet.append(row)
    other = book.create_sheet("Tài khoản")
    for row in accounts:
        other.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _onboard(client, upload):
    preview = client.post("/don-vi/khai-bao/", {"file": upload})
    token = preview.context.get("token") if preview.context else None
    return preview, token


def test_a_province_onboards_from_the_page_and_each_new_account_sets_its_own_password(
    client, admin_user
):
    client.force_login(admin_user)
    preview, token = _onboard(client, workbook())
    assert preview.status_code == 200
    assert "3 đơn vị, 3 tài khoản trong tệp" in preview.text
    assert not Unit.objects.filter(code="son-tinh").exists()  # nothing saved before confirming
    done = client.post("/don-vi/khai-bao/xac-nhan/", {"token": token}, follow=True)
    # The invitations go out as a background job, whose page says when they are sent
    assert done.redirect_chain[-1][0].startswith("/tep-da-xuat/")
    assert "3 đơn vị mới" in done.text and "Đã gửi 3 thư mời đặt mật khẩu." in done.text

    son_tinh = Unit.objects.get(code="son-tinh")
    assert son_tinh.parent.code == "quang-ngai" and son_tinh.kind == "commune"
    assert son_tinh.official_name == "ỦY BAN NHÂN DÂN XÃ SƠN TỊNH"
    assert son_tinh.place_name == "Sơn Tịnh"
    # A new commune gets the default positions of the assignment annex.
    assert Position.objects.filter(unit=son_tinh).count() == 11
    assert not Position.objects.filter(unit__code="quang-ngai").exists()
    officer = User.objects.get(username="sontinh.canbo")
    assert officer.unit == son_tinh and officer.roles == [Role.OFFICER]
    # Written in lower case: still the position Công chức Văn hóa - Xã hội.
    assert sorted(p.name for p in officer.positions.all()) == [
        "Công chức Tư pháp - Hộ tịch",
        "Công chức Văn hóa - Xã hội",
    ]
    assert set(User.objects.get(username="sontinh.vanphong").roles) == {
        Role.COMPILER,
        Role.LEADER,
    }
    # No password travelled in the file: none is set until the person accepts the invitation.
    assert not officer.has_usable_password()
    letter = next(m for m in mail.outbox if m.to == ["cb@sontinh.example"])
    assert "sontinh.canbo" in letter.body and "7 ngày" in letter.body
    assert letter.alternatives and "text/html" == letter.alternatives[0][1]
    link = re.search(r"http://testserver(/tai-khoan/loi-moi/\S+/)", letter.body)[1]

    client.logout()
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu cho tài khoản của bạn" in form.text and "sontinh.canbo" in form.text
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    client.post(
        set_url,
        {"new_password1": "Mat-khau-rat-dai-2026", "new_password2": "Mat-khau-rat-dai-2026"},
    )
    officer.refresh_from_db()
    assert officer.check_password("Mat-khau-rat-dai-2026")
    logged_in = client.post(
        "/tai-khoan/dang-nhap/",
        {"username": "sontinh.canbo", "password": "Mat-khau-rat-dai-2026"},
    )
    assert logged_in.status_code == 302 and logged_in["Location"] == "/"
    # The link was for one use.
    client.logout()
    again = client.get(link, follow=True)
    assert "Liên kết không còn dùng được" in again.text


def test_the_same_file_twice_changes_nothing_and_a_changed_row_updates_only_that(
    client, admin_user
):
    client.force_login(admin_user)
    _, token = _onboard(client, workbook())
    client.post("/don-vi/khai-bao/xac-nhan/", {"token": token})
    officer = User.objects.get(username="sontinh.canbo")
    officer.set_password("Mat-khau-cu-2026")
    officer.save()
    UserFactory(username="ngoai.tep", unit=Unit.objects.get(code="son-tinh"))
    mail.outbox.clear()

    preview, token = _onboard(client, workbook())
    assert "Tài khoản được cập nhật (không đổi mật khẩu): <strong>0</strong>" in preview.text
    assert "Đơn vị mới: <strong>0</strong>" in preview.text
    client.post("/don-vi/khai-bao/xac-nhan/", {"token": token})
    assert mail.outbox == []

    accounts = [list(r) for r in ACCOUNTS]
    accounts[2][1], accounts[2][2] = "Hồ Thị Hai Mới", "moi@sontinh.example"
    units = [list(r) for r in UNITS]
    units[2][1] = "Xã Sơn Tịnh Mới"
    preview, token = _onboard(client, workbook(units, accounts))
    assert "sontinh.canbo" in preview.text.split("Tài khoản được cập nhật")[1]
    client.post("/don-vi/khai-bao/xac-nhan/", {"token": token})
    officer.refresh_from_db()
    assert (officer.full_name, officer.email) == ("Hồ Thị Hai Mới", "moi@sontinh.example")
    assert officer.check_password("Mat-khau-cu-2026")  # never the password
    son_tinh = Unit.objects.get(code="son-tinh")
    assert son_tinh.name == "Xã Sơn Tịnh Mới"
    assert son_tinh.official_name == "ỦY BAN NHÂN DÂN XÃ SƠN TỊNH MỚI"
    assert User.objects.filter(username="ngoai.tep").exists()  # not in the file: left alone
    assert mail.outbox == []


def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_is_saved(client, admin_user):
    units = [
        *UNITS,
        ["binh-son", "Xã Bình Sơn", "Thôn", "quang-ngai"],
        ["x", "Xã X", "Xã", "khong-co"],
    ]
    accounts = [
        *ACCOUNTS,
        ["sontinh.canbo", "Trùng tên", "a@b.example", "son-tinh", "Cán bộ", ""],
        ["moi.nguoi", "Người mới", "khong-phai-email", "son-tinh", "Thủ quỹ", "Kế toán trưởng"],
    ]  # fmt: skip
    client.force_login(admin_user)
    response = client.post("/don-vi/khai-bao/", {"file": workbook(units, accounts)})
    assert response.status_code == 400
    problems = response.context["problems"]
    assert "Trang “Đơn vị”, dòng 5, cột Loại: “Thôn” không phải là loại đơn vị" in problems[0]
    text = "\n".join(problems)
    assert (
        "Trang “Tài khoản”, dòng 6, cột Email: “khong-phai-email” không phải là địa chỉ email."
        in text
    )
    assert "Trang “Tài khoản”, dòng 6, cột Vai trò: “Thủ quỹ” không phải là vai trò" in text
    response = client.post(
        "/don-vi/khai-bao/",
        {
            "file": workbook(
                units[:4] + [units[5]],
                accounts[:5] + [[*accounts[5][:4], "Cán bộ", "Kế toán trưởng"]],
            )
        },
    )
    text = "\n".join(response.context["problems"])
    assert "Trang “Đơn vị”, dòng 5, cột Đơn vị cấp trên: không có đơn vị mã “khong-co”" in text
    assert "Trang “Tài khoản”, dòng 5, cột Tên đăng nhập: “sontinh.canbo” đã có ở dòng 3." in text
    assert (
        "Trang “Tài khoản”, dòng 6, cột Chức danh: đơn vị “son-tinh” không có chức danh “Kế toán trưởng”."
        in text
    )
    assert not Unit.objects.exists() and not User.objects.exclude(pk=admin_user.pk).exists()
    assert mail.outbox == []


def test_a_file_without_its_sheets_is_refused_by_name(client, admin_user):
    book = Workbook()
    book.active.append(["Mã", "Tên"])
    out = BytesIO()
    book.save(out)
    client.force_login(admin_user)
    response = client.post(
        "/don-vi/khai-bao/", {"file": SimpleUploadedFile("x.xlsx", out.getvalue())}
    )
    assert response.context["problems"] == [
        "Tệp thiếu trang “Đơn vị” (xem tệp mẫu: manage.py onboard --template)."
    ]


@pytest.mark.parametrize("role", [Role.COMPILER, Role.REVIEWER])
def test_only_system_administrators_onboard(client, province, role):
    client.force_login(UserFactory(unit=province, roles=[role]))
    assert client.get("/don-vi/khai-bao/").status_code == 403
    assert client.post("/don-vi/khai-bao/", {"file": workbook()}).status_code == 403
    assert client.get("/don-vi/khai-bao/mau.xlsx").status_code == 403
    assert not Unit.objects.filter(code="son-tinh").exists()


def test_the_command_onboards_and_writes_the_empty_template(tmp_path, capsys, settings):
    settings.SITE_URL = "https://dvcq.quangngai.example"
    call_command("onboard", "--template", str(tmp_path / "mau.xlsx"))
    template = load_workbook(tmp_path / "mau.xlsx")
    assert [c.value for c in template["Đơn vị"][1]] == UNITS[0]
    assert [c.value for c in template["Tài khoản"][1]] == ACCOUNTS[0]
    assert "Hướng dẫn" in template.sheetnames

    (tmp_path / "khai-bao.xlsx").write_bytes(workbook().read())
    call_command("onboard", str(tmp_path / "khai-bao.xlsx"))
    assert User.objects.filter(username__startswith="sontinh.").count() == 2
    assert "https://dvcq.quangngai.example/tai-khoan/loi-moi/" in mail.outbox[0].body
    assert "Đã gửi 3 thư mời" in capsys.readouterr().out


def test_the_command_lists_the_problems_and_fails(tmp_path, capsys):
    bad = [*UNITS, ["binh-son", "Xã Bình Sơn", "Thôn", "quang-ngai"]]
    (tmp_path / "sai.xlsx").write_bytes(workbook(bad).read())
    with pytest.raises(CommandError, match="Tệp có 1 lỗi, chưa lưu gì"):
        call_command("onboard", str(tmp_path / "sai.xlsx"))
    assert "dòng 5, cột Loại" in capsys.readouterr().err
    assert not Unit.objects.exists()


def test_an_invitation_expires_after_seven_days(client, province):
    from dvcq.org.invitations import invitation_link

    person = UserFactory(unit=province, email="a@quangngai.example")
    person.set_unusable_password()
    person.save()
    link = invitation_link(person, base_url="")
    with time_machine.travel(timedelta(days=6, hours=23)):
        assert "Đặt mật khẩu cho tài khoản" in client.get(link, follow=True).text
    with time_machine.travel(timedelta(days=7, hours=1)):
        assert "Liên kết không còn dùng được" in client.get(link, follow=True).text


def test_forgotten_password_by_email_also_for_an_account_still_invited(client, province):
    invited = UserFactory(unit=province, email="moi@quangngai.example")
    invited.set_unusable_password()
    invited.save()
    login = client.get("/tai-khoan/dang-nhap/").text
    assert 'href="/tai-khoan/quen-mat-khau/"' in login
    response = client.post(
        "/tai-khoan/quen-mat-khau/", {"email": "MOI@quangngai.example"}, follow=True
    )
    assert "Kiểm tra hộp thư" in response.text
    assert mail.outbox[0].to == ["moi@quangngai.example"]
    assert mail.outbox[0].subject == "[DVCQ] Đặt lại mật khẩu"
    link = re.search(r"http://testserver(/tai-khoan/dat-lai/\S+/)", mail.outbox[0].body)[1]
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2026x", "new_password2": "Mat-khau-moi-2026x"},
    )
    invited.refresh_from_db()
    assert invited.check_password("Mat-khau-moi-2026x")
    # An unknown address gets the same answer and no mail.
    mail.outbox.clear()
    client.post("/tai-khoan/quen-mat-khau/", {"email": "ai@khac.example"})
    assert mail.outbox == []


def test_the_admin_resends_an_invitation_only_to_who_still_needs_one(client, admin_user, province):
    waiting = UserFactory(username="cho.moi", unit=province, email="cho@quangngai.example")
    waiting.set_unusable_password()
    waiting.save()
    active = UserFactory(username="da.dat", unit=province, email="da@quangngai.example")
    client.force_login(admin_user)
    response = client.post(
        "/quan-tri/org/user/",
        {"action": "resend_invitation", "_selected_action": [waiting.pk, active.pk]},
        follow=True,
    )
    assert [m.to for m in mail.outbox] == [["cho@quangngai.example"]]
    assert "Đã gửi lại 1 thư mời." in response.text and "da.dat" in response.text
