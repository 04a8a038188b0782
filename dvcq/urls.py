from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dvcq import views
from dvcq.org.forms import LoginForm

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
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("dvcq.org.urls")),
    path("", include("criteria.urls")),
    path("", include("dvcq.documents.urls")),
    path("", include("evidence.urls")),
    path("", include("scoring.urls")),
    path("", include("models_dvk.urls")),
    path("quan-tri/", admin.site.urls),
]
