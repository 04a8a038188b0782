from django.urls import path

from . import views, views_appraisal

app_name = "dvk"

urlpatterns: list = [
    # Campaigns, registrations, the lifecycle, documents and the Phụ lục 1 import.
    path("dan-van-kheo/", views.campaign_list, name="campaign_list"),
    path("dan-van-kheo/<int:pk>/", views.campaign_detail, name="campaign"),
    path("dan-van-kheo/<int:pk>/ke-hoach/", views.campaign_plan, name="plan"),
    path("dan-van-kheo/<int:pk>/sao-chep/", views.campaign_copy_view, name="campaign_copy"),
    path("dan-van-kheo/<int:pk>/<str:kind>/them/", views.campaign_part, name="campaign_part_add"),
    path(
        "dan-van-kheo/<int:pk>/<str:kind>/<int:item>/",
        views.campaign_part,
        name="campaign_part_edit",
    ),
    path(
        "dan-van-kheo/<int:pk>/<str:kind>/<int:item>/xoa/",
        views.campaign_part_delete_view,
        name="campaign_part_delete",
    ),
    path("dan-van-kheo/<int:pk>/dang-ky/", views.register, name="register"),
    path("dan-van-kheo/<int:pk>/nhap-excel/", views.import_sheet, name="import"),
    path(
        "dan-van-kheo/<int:pk>/mau-phu-luc-1.xlsx",
        views.import_template,
        name="import_template",
    ),
    path("dan-van-kheo/mo-hinh/<int:pk>/", views.model_detail, name="model"),
    path("dan-van-kheo/mo-hinh/<int:pk>/sua/", views.model_edit, name="model_edit"),
    path("dan-van-kheo/mo-hinh/<int:pk>/buoc/", views.model_step_view, name="model_step"),
    path("dan-van-kheo/mo-hinh/<int:pk>/tai-lieu/", views.model_upload, name="model_upload"),
    path("dan-van-kheo/tai-lieu/<int:pk>/", views.document_download, name="document"),
    # Appraisal, scoring, recognition, exemplars and the targets dashboard.
    path(
        "dan-van-kheo/mo-hinh/<int:pk>/tham-dinh/",
        views_appraisal.appraisal_page,
        name="appraisal",
    ),
    path(
        "dan-van-kheo/mo-hinh/<int:pk>/tham-dinh/mo/",
        views_appraisal.appraisal_open,
        name="appraisal_open",
    ),
    path(
        "dan-van-kheo/mo-hinh/<int:pk>/tham-dinh/ket-luan/",
        views_appraisal.appraisal_conclude_view,
        name="appraisal_conclude",
    ),
    path(
        "dan-van-kheo/mo-hinh/<int:pk>/tham-dinh/quyet-dinh/",
        views_appraisal.appraisal_recognise,
        name="appraisal_recognise",
    ),
    path(
        "dan-van-kheo/mo-hinh/<int:pk>/tham-dinh/tai-lieu/",
        views_appraisal.appraisal_attach,
        name="appraisal_attach",
    ),
    path("dan-van-kheo/tham-dinh/<int:pk>/cham/", views_appraisal.score_page, name="score"),
    path("dan-van-kheo/<int:pk>/dien-hinh/", views_appraisal.exemplars_page, name="exemplars"),
    path(
        "dan-van-kheo/<int:pk>/dien-hinh/de-nghi/",
        views_appraisal.exemplar_nominate_view,
        name="exemplar_nominate",
    ),
    path(
        "dan-van-kheo/<int:pk>/dien-hinh/<int:exemplar>/cong-nhan/",
        views_appraisal.exemplar_recognise,
        name="exemplar_recognise",
    ),
    path(
        "dan-van-kheo/<int:pk>/dien-hinh/ho-so/<int:item>/",
        views_appraisal.dossier_attach_view,
        name="dossier_attach",
    ),
    path("dan-van-kheo/<int:pk>/chi-tieu/", views_appraisal.targets_page, name="targets"),
]
