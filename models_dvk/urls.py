from django.urls import path  # noqa: F401  (the sections below fill it)

app_name = "dvk"

urlpatterns: list = [
    # Campaigns, registrations, the lifecycle, documents and the Phụ lục 1 import.
    # Appraisal, scoring, recognition, exemplars and the targets dashboard.
]
