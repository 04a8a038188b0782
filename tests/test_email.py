"""E-mail through a real SMTP server (aiosmtpd, started by the test): the reminders' digest,
an evidence verdict, a scorecard returned or published and a DVK appraisal's result reach the
people concerned, in plain text and HTML with links; a person can turn e-mail off."""

import email
import socket
from datetime import date
from email import policy

import pytest
from aiosmtpd.controller import Controller

from criteria.models import Assignment
from evidence.models import Notification
from evidence.reminders import send_reminders

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, parsed))
        return "250 OK"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port of this machine
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = "https://dvcq.quangngai.example"
    yield inbox
    controller.stop()


def _subject(message) -> str:
    return " ".join(str(message["Subject"]).split())


def _parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


@pytest.fixture
def officer_with_email(officer):
    officer.email = "canbo@bathanh.example"
    officer.save()
    return officer


def test_the_daily_digest_arrives_once_with_a_link_to_each_item(
    smtp, officer_with_email, ba_thanh_round
):
    item = Assignment.objects.get(round=ba_thanh_round, item__criterion__number=4, item__number=3)
    Assignment.objects.filter(pk=item.pk).update(deadline=date(2025, 10, 1))
    send_reminders(date(2025, 10, 20))
    send_reminders(date(2025, 10, 20))  # the same day again: nothing new
    [message] = smtp.to("canbo@bathanh.example")
    assert _subject(message) == "[DVCQ] Việc cần nộp minh chứng"
    text, html = _parts(message)
    link = f"https://dvcq.quangngai.example/minh-chung/noi-dung/{item.pk}/"
    assert "Quá hạn:" in text and "Nội dung 4.3 (hạn 01/10/2025)" in text and link in text
    assert f'href="{link}"' in html and "Nội dung 4.3" in html
    assert "https://dvcq.quangngai.example/tai-khoan/" in text  # where to turn e-mail off


def test_a_person_who_turned_email_off_still_sees_the_notification(
    client, smtp, officer_with_email, ba_thanh_round
):
    client.force_login(officer_with_email)
    page = client.get("/tai-khoan/")
    assert "Nhận thông báo qua email" in page.text
    client.post("/tai-khoan/", {})  # the box unticked
    officer_with_email.refresh_from_db()
    assert officer_with_email.email_notifications is False
    Assignment.objects.filter(round=ba_thanh_round, item__criterion__number=4).update(
        deadline=date(2025, 10, 1)
    )
    send_reminders(date(2025, 10, 20))
    assert Notification.objects.filter(user=officer_with_email, kind="officer").exists()
    assert smtp.to("canbo@bathanh.example") == []


def test_an_evidence_verdict_is_mailed_to_the_items_officers(
    client, smtp, officer_with_email, compiler, item_4_3
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.evidence import files

    client.force_login(officer_with_email)
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {"summary": "Kế hoạch", "files": [SimpleUploadedFile("kh.pdf", files.pdf())]},
    )
    client.force_login(compiler)
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/xem-xet/",
        {"status": "needs_more", "comment": "Thiếu biên bản"},
    )
    [message] = smtp.to("canbo@bathanh.example")
    assert _subject(message) == "[DVCQ] Nội dung 4.3: minh chứng cần bổ sung"
    assert "Thiếu biên bản" in _parts(message)[0]


def test_a_returned_scorecard_reaches_the_units_compiler_and_leader(
    smtp, in_review, reviewer, compiler, leader, officer_with_email
):
    from scoring.services import transition

    compiler.email, leader.email = "vp@bathanh.example", "ld@bathanh.example"
    compiler.save()
    leader.save()
    transition(scorecard=in_review, user=reviewer, action="return", note="Thiếu minh chứng 3.2")
    for address in ("vp@bathanh.example", "ld@bathanh.example"):
        [message] = smtp.to(address)
        assert _subject(message) == "[DVCQ] Phiếu chấm điểm năm 2025 bị trả lại để sửa"
        assert "Thiếu minh chứng 3.2" in _parts(message)[0]
    assert smtp.to("canbo@bathanh.example") == []  # officers are not concerned
    assert Notification.objects.filter(user=compiler, kind=f"scorecard-{in_review.pk}").exists()


def test_a_models_appraisal_result_reaches_the_party_staff(smtp, appraisal, party, leader):
    from tests.dvk.test_admin import concluded

    party.email = "xdd@bathanh.example"
    party.save()
    concluded(appraisal, party, leader)
    [message] = smtp.to("xdd@bathanh.example")
    assert "kết quả thẩm định" in _subject(message)
    assert "kết luận mô hình đạt" in _parts(message)[0]


def test_a_published_result_reaches_the_unit_with_its_points_and_class(
    smtp, in_review, reviewer, compiler
):
    from scoring.services import transition

    compiler.email = "vp@bathanh.example"
    compiler.save()
    transition(scorecard=in_review, user=reviewer, action="finish_review")
    published = transition(scorecard=in_review, user=reviewer, action="publish")
    [message] = smtp.to("vp@bathanh.example")
    assert _subject(message) == "[DVCQ] Kết quả đánh giá năm 2025 đã công bố"
    text = _parts(message)[0]
    assert f"Điểm thẩm định: {published.review_total:.2f}".replace(".", ",") in text
    assert published.class_label in text
