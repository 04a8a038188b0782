from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("tep-da-xuat/", views.job_list, name="list"),
    path("tep-da-xuat/<int:pk>/", views.job_detail, name="detail"),
    path("tep-da-xuat/<int:pk>/tai-ve/", views.job_download, name="download"),
]
