from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    # The unit's scorecard, self-scoring and the workflow.
    path("cham-diem/", views.scorecard_list, name="list"),
    path("cham-diem/<int:pk>/", views.scorecard_detail, name="detail"),
]
