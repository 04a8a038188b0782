from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from dvcq import views
from dvcq.org.forms import LoginForm
from dvcq.org.views import InvitationView, ResetView, profile

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "tai-khoan/dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", profile, name="profile"),
    path(
        "tai-khoan/doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Forgotten password (by e-mail) and the invitation of a new account: both set a password
    # through a one-time link, and are reached without logging in.
    path("tai-khoan/quen-mat-khau/", ResetView.as_view(), name="password_reset"),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "tai-khoan/dat-lai/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "tai-khoan/dat-lai/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tai-khoan/loi-moi/<uidb64>/<token>/", InvitationView.as_view(), name="invitation"),
    path(
        "tai-khoan/loi-moi/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/invitation_done.html"
        ),
        name="invitation_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("dvcq.jobs.urls")),
    path("", include("dvcq.org.urls")),
    path("", include("criteria.urls")),
    path("", include("dvcq.documents.urls")),
    path("", include("evidence.urls")),
    path("", include("dvcq.reading.urls")),
    path("", include("scoring.urls")),
    path("", include("models_dvk.urls")),
    path("quan-tri/", admin.site.urls),
]
