"""Invitations: a new account gets a one-time link, by e-mail, to set its own password.

No password ever travels in a file or a message. The link is Django's password-reset
machinery with its own token generator: valid `INVITATION_DAYS` days, and void once used (the
token covers the password hash, which setting a password changes). An administrator re-sends
it from the admin site ("Gửi lại thư mời"); a person who lost it can also use "Quên mật khẩu"
on the login page, which works for an account that has no password yet.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

INVITATION_DAYS = 7


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token under another salt, valid INVITATION_DAYS instead of
    PASSWORD_RESET_TIMEOUT (a reset link from the login page keeps Django's shorter life)."""

    key_salt = "dvcq.org.invitations.InvitationTokenGenerator"
    lifetime = timedelta(days=INVITATION_DAYS)

    def check_token(self, user, token) -> bool:
        if not (user and token):
            return False
        try:
            stamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - stamp > self.lifetime.total_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, stamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()


def invitation_link(user, *, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("invitation", args=[uid, invitation_tokens.make_token(user)])
    return base_url.rstrip("/") + path


def send_invitations(users, *, base_url: str | None = None) -> int:
    """One e-mail per user with an address (plain text and HTML), over one connection; returns
    how many were sent."""
    base_url = base_url or settings.SITE_URL
    messages = []
    for user in users:
        if not user.email:
            continue
        context = {
            "user": user,
            "link": invitation_link(user, base_url=base_url),
            "days": INVITATION_DAYS,
            "unit": user.unit,
            "login": base_url.rstrip("/") + reverse("login"),
        }
        message = EmailMultiAlternatives(
            subject=_("[DVCQ] Mời đặt mật khẩu tài khoản %(username)s")
            % {"username": user.username},
            body=render_to_string("registration/invitation_email.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("registration/invitation_email.html", context), "text/html"
        )
        messages.append(message)
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
