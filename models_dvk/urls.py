from django.urls import path  # noqa: F401  (the sections below fill it)

from . import views_appraisal

app_name = "dvk"

urlpatterns: list = [
    # Campaigns, registrations, the lifecycle, documents and the Phụ lục 1 import.
    # Appraisal, scoring, recognition, exemplars and the targets dashboard.
    path(
        "dan-van-kheo/mo-hinh/<int:pk>/tham-dinh/",
        views_appraisal.appraisal_page,
        name="appraisal",
    ),
    path("dan-van-kheo/tham-dinh/<int:pk>/cham/", views_appraisal.score_page, name="score"),
    path("dan-van-kheo/<int:pk>/dien-hinh/", views_appraisal.exemplars_page, name="exemplars"),
    path("dan-van-kheo/<int:pk>/chi-tieu/", views_appraisal.targets_page, name="targets"),
]
