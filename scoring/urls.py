from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    # The unit's scorecard, self-scoring, the workflow and the review.
    path("cham-diem/", views.scorecard_list, name="list"),
    path("cham-diem/ky/<int:pk>/", views.round_open, name="round"),
    path("cham-diem/<int:pk>/", views.scorecard_detail, name="detail"),
    path(
        "cham-diem/<int:pk>/chuyen/<slug:action>/",
        views.scorecard_transition,
        name="transition",
    ),
    path("cham-diem/<int:pk>/tu-cham.xlsx", views.selfscore_download, name="xlsx"),
    path("cham-diem/<int:pk>/nhap-excel/", views.selfscore_import, name="import"),
    path("cham-diem/<int:pk>/tham-dinh/<int:item_pk>/", views.item_review, name="item_review"),
    path("cham-diem/<int:pk>/nhan-xet/", views.review_notes, name="review_notes"),
    path("cham-diem/<int:pk>/lich-su/", views.scorecard_history, name="history"),
    # Next year's remediation plan drawn from this scorecard's review.
    path("cham-diem/<int:pk>/ke-hoach/", views.plan_edit, name="plan_edit"),
    # The reviewers' overview of every unit below them.
    path("tong-hop/", views.dashboard, name="dashboard"),
    path("tong-hop/<int:year>/bang-diem.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("tong-hop/<int:year>/bang-diem/xuat/", views.dashboard_xlsx_job, name="dashboard_job"),
]
