"""Password change refuses the current password, and every password message is Vietnamese."""

import re
import subprocess
from pathlib import Path

import pytest

from tests.factories import PASSWORD, UserFactory

CHANGE = "/tai-khoan/doi-mat-khau/"
VI_CATALOGUE = Path(__file__).resolve().parents[2] / "locale/vi/LC_MESSAGES/django.po"
# Words of Django's English password messages; none may reach a Vietnamese page.
ENGLISH = re.compile(r"password|too short|too similar|too common|numeric|didn’t match", re.I)


def _change(client, old, new1, new2=None):
    return client.post(
        CHANGE, {"old_password": old, "new_password1": new1, "new_password2": new2 or new1}
    )


def _errors(response) -> list[str]:
    form = response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


def test_the_current_password_is_refused_as_the_new_one(client, compiler):
    client.force_login(compiler)

    response = _change(client, PASSWORD, PASSWORD)

    assert response.status_code == 200
    assert "Mật khẩu mới trùng với mật khẩu hiện tại. Hãy chọn một mật khẩu khác." in (
        response.text
    )
    assert "Mật khẩu mới trùng với mật khẩu hiện tại" in " ".join(
        response.context["form"].errors["new_password2"]
    )


def test_a_different_password_is_accepted(client, compiler):
    client.force_login(compiler)

    response = _change(client, PASSWORD, "Ba-Thanh-2026!")

    assert response.status_code == 302
    compiler.refresh_from_db()
    assert compiler.check_password("Ba-Thanh-2026!")


def test_the_admin_cannot_set_a_user_s_current_password_again(client, compiler):
    admin_user = UserFactory(unit=None, is_superuser=True, is_staff=True)
    client.force_login(admin_user)

    response = client.post(
        f"/quan-tri/org/user/{compiler.pk}/password/",
        {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 200
    assert "Mật khẩu mới trùng với mật khẩu hiện tại" in response.text


@pytest.mark.parametrize(
    ("new_password", "expected"),
    [
        ("Ab1!", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
        ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán ra."),
        ("48291736450", "Mật khẩu này chỉ gồm chữ số."),
        ("bathanh.vanphong", "Mật khẩu quá giống tên đăng nhập của bạn."),
        ("Nguyễn Thị Hoa", "Mật khẩu quá giống họ và tên của bạn."),
        ("hoa.nguyen@quangngai.gov.vn", "Mật khẩu quá giống thư điện tử của bạn."),
    ],
)
def test_each_validator_speaks_vietnamese(client, compiler, new_password, expected):
    compiler.full_name = "Nguyễn Thị Hoa"
    compiler.email = "hoa.nguyen@quangngai.gov.vn"
    compiler.save()
    client.force_login(compiler)

    response = _change(client, PASSWORD, new_password)

    assert response.status_code == 200
    errors = _errors(response)
    assert expected in errors
    assert not [e for e in errors if ENGLISH.search(e)], errors


def test_a_wrong_current_password_and_a_mismatch_are_told_in_vietnamese(client, compiler):
    client.force_login(compiler)

    response = _change(client, "khong-dung", "Ba-Thanh-2026!", "Ba-Thanh-2027!")

    errors = _errors(response)
    assert "Mật khẩu hiện tại không đúng. Vui lòng nhập lại." in errors
    assert "Hai mật khẩu mới không khớp nhau." in errors
    assert not [e for e in errors if ENGLISH.search(e)], errors


def test_the_change_page_lists_the_rules_in_vietnamese(client, compiler):
    client.force_login(compiler)

    response = client.get(CHANGE)

    for rule in [
        "Mật khẩu không được quá giống tên đăng nhập, họ tên hay thư điện tử của bạn.",
        "Mật khẩu phải có ít nhất 8 ký tự.",
        "Mật khẩu không được là một mật khẩu phổ biến.",
        "Mật khẩu không được chỉ gồm chữ số.",
        "Mật khẩu mới phải khác mật khẩu đang dùng.",
    ]:
        assert rule in response.text
    assert "Mật khẩu hiện tại" in response.text
    assert "Your password" not in response.text


def test_the_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entry():
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(VI_CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", str(VI_CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # msgattrib prints the header alone when nothing matches.
    assert untranslated.count("msgid ") <= 1, untranslated
    assert fuzzy.count("msgid ") <= 1, fuzzy
