"""Password rules on top of Django's validators (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class NotCurrentPasswordValidator:
    """Refuses the user's current password as their new one.

    Runs wherever Django validates a new password (the change form, the admin, `changepassword`)
    before the new one is set, so the stored hash is still the current password's.
    """

    message = _("Mật khẩu mới trùng với mật khẩu hiện tại. Hãy chọn một mật khẩu khác.")

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None or not user.has_usable_password():
            return
        if user.check_password(password):
            raise ValidationError(self.message, code="password_unchanged")

    def get_help_text(self) -> str:
        return _("Mật khẩu mới phải khác mật khẩu đang dùng.")
