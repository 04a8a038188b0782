from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("minh-chung/noi-dung/<int:pk>/", views.item_detail, name="item"),
    path("minh-chung/noi-dung/<int:pk>/them/", views.record_create, name="record_create"),
    path("minh-chung/noi-dung/<int:pk>/them/tep/", views.record_file, name="record_file"),
    path("minh-chung/noi-dung/<int:pk>/xem-xet/", views.item_review, name="item_review"),
    path("minh-chung/tai-lieu/<int:pk>/", views.record_detail, name="record"),
    path("minh-chung/tai-lieu/<int:pk>/tep/", views.file_upload, name="file_upload"),
    path("minh-chung/tai-lieu/<int:pk>/xoa/", views.record_delete, name="record_delete"),
    path("minh-chung/tai-lieu/<int:pk>/lien-ket/", views.record_link, name="record_link"),
    path("minh-chung/tai-lieu/<int:pk>/sua/", views.record_edit, name="record_edit"),
    path(
        "minh-chung/tai-lieu/<int:pk>/bo/<int:assignment_pk>/",
        views.record_unlink,
        name="record_unlink",
    ),
    path("minh-chung/tai-lieu/<int:pk>/khoi-phuc/", views.record_restore, name="record_restore"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("minh-chung/ky/<int:pk>/", views.round_overview, name="overview"),
    path("minh-chung/ky/<int:pk>/ho-so.zip", views.round_binder, name="binder"),
    path("minh-chung/ky/<int:pk>/ho-so/xuat/", views.round_binder_job, name="binder_job"),
    path("minh-chung/tep/<int:pk>/", views.file_download, name="file"),
    path("minh-chung/tep/<int:pk>/thay/", views.file_replace, name="file_replace"),
]
