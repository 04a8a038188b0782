from django.urls import path

from . import dashboard, views

app_name = "scoring"

urlpatterns = [
    # The unit's scorecard, self-scoring and the workflow.
    path("cham-diem/", views.scorecard_list, name="list"),
    path("cham-diem/<int:pk>/", views.scorecard_detail, name="detail"),
    # The reviewers' overview of every unit below them.
    path("tong-hop/", dashboard.dashboard, name="dashboard"),
    path("tong-hop/<int:year>/bang-diem.xlsx", dashboard.dashboard_xlsx, name="dashboard_xlsx"),
]
