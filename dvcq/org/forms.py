from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocapitalize": "none", "autocomplete": "username"}
        ),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OnboardingForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp khai báo (.xlsx)"),
        help_text=_("Hai trang “Đơn vị” và “Tài khoản”, theo tệp mẫu."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ResetForm(PasswordResetForm):
    """ "Quên mật khẩu" for every active account with that address, also one that has not set
    a password yet (Django leaves those out; here they are people who lost their invitation)."""

    email = forms.EmailField(
        label=_("Email của tài khoản"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        from .models import User

        return User.objects.filter(email__iexact=email.strip(), is_active=True).exclude(email="")


class ProfileForm(forms.ModelForm):
    class Meta:
        from .models import User

        model = User
        fields = ["email_notifications"]
