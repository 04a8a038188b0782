"""The main menu: each role's entries grouped by job, a group of one shown as a plain link."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from dvcq.context_processors import navigation


def _menu(user, path="/") -> list:
    request = RequestFactory().get(path)
    request.user = user
    return [
        (str(e.label), [str(s.label) for s in e.entries]) if e.entries else str(e.label)
        for e in navigation(request)["nav_items"]
    ]


def test_anonymous_visitors_have_no_menu():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert navigation(request) == {"nav_items": [], "unread_count": 0}


def test_the_compiler_has_the_assessment_group_and_two_plain_links(compiler):
    assert _menu(compiler) == [
        "Trang chủ",
        ("Đánh giá", ["Phân công", "Chấm điểm", "Khung tiêu chí", "Tìm minh chứng"]),
        "Đơn vị của tôi",
        "Thiết lập văn bản",
    ]


def test_the_reviewer_also_has_the_dashboard_the_campaigns_and_the_units(reviewer):
    assert _menu(reviewer) == [
        "Trang chủ",
        (
            "Đánh giá",
            ["Phân công", "Chấm điểm", "Tổng hợp chấm điểm", "Khung tiêu chí", "Tìm minh chứng"],
        ),
        "Dân vận khéo",
        ("Đơn vị", ["Đơn vị của tôi", "Đơn vị trực thuộc"]),
    ]


def test_the_party_staff_see_the_campaigns(party):
    assert "Dân vận khéo" in _menu(party)


def test_the_administrator_has_the_administration_group(admin_user):
    assert _menu(admin_user) == [
        "Trang chủ",
        (
            "Đánh giá",
            ["Phân công", "Chấm điểm", "Tổng hợp chấm điểm", "Khung tiêu chí", "Tìm minh chứng"],
        ),
        "Dân vận khéo",
        "Đơn vị trực thuộc",
        ("Quản trị", ["Mẫu văn bản", "Quản trị dữ liệu"]),
    ]


def test_the_open_page_marks_its_entry_and_group(compiler):
    request = RequestFactory().get("/cham-diem/")
    request.user = compiler
    home, assessment, *_ = navigation(request)["nav_items"]
    assert not home.active
    assert assessment.active
    assert [s.active for s in assessment.entries] == [False, True, False, False]
