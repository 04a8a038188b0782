from django.urls import path

from . import views

app_name = "criteria"
urlpatterns = [
    path("khung-tieu-chi/", views.framework_list, name="framework_list"),
    path("khung-tieu-chi/nhap/", views.framework_import, name="framework_import"),
    path("khung-tieu-chi/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("khung-tieu-chi/<int:pk>/xlsx/", views.framework_xlsx, name="framework_xlsx"),
    path("khung-tieu-chi/<int:pk>/sao-chep/", views.framework_copy, name="framework_copy"),
    path("khung-tieu-chi/<int:pk>/xac-nhan/", views.framework_confirm, name="framework_confirm"),
    path("ky-danh-gia/", views.round_list, name="round_list"),
    path("ky-danh-gia/tao/", views.round_create, name="round_create"),
    path("ky-danh-gia/phu-luc/", views.annexes_export, name="annexes_export"),
    path("ky-danh-gia/<int:pk>/", views.round_grid, name="round_grid"),
    path("ky-danh-gia/<int:pk>/lich-su/", views.round_history, name="round_history"),
    path("ky-danh-gia/<int:pk>/nhap-phu-luc/", views.round_annex_import, name="round_annex_import"),
    path(
        "ky-danh-gia/<int:pk>/nhap-phu-luc/xac-nhan/",
        views.round_annex_import_confirm,
        name="round_annex_import_confirm",
    ),
]
