from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/khai-bao/", views.onboarding, name="onboarding"),
    path("don-vi/khai-bao/xac-nhan/", views.onboarding_confirm, name="onboarding_confirm"),
    path("don-vi/khai-bao/mau.xlsx", views.onboarding_template, name="onboarding_template"),
    path("don-vi/<slug:code>/", views.unit_detail, name="unit_detail"),
]
