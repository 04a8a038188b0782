from django.urls import path

from . import views

app_name = "reading"
urlpatterns = [
    path("minh-chung/noi-dung/<int:pk>/doc-tep/", views.stage, name="stage"),
    path("minh-chung/doc-tep/<int:pk>/", views.staged, name="staged"),
    path("minh-chung/doc-tep/<int:pk>/lien-ket/", views.staged_links, name="staged_links"),
    path("minh-chung/tai-lieu/<int:pk>/noi-dung-tep/", views.record_readings, name="record"),
    path("tim-kiem/", views.search, name="search"),
]
