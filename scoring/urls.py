from django.urls import path

from . import plan_views, views

app_name = "scoring"

urlpatterns = [
    # The unit's scorecard, self-scoring and the workflow.
    path("cham-diem/", views.scorecard_list, name="list"),
    path("cham-diem/<int:pk>/", views.scorecard_detail, name="detail"),
    # Next year's remediation plan drawn from this scorecard's review.
    path("cham-diem/<int:pk>/ke-hoach/", plan_views.plan_edit, name="plan_edit"),
]
