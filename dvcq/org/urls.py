from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<slug:code>/", views.unit_detail, name="unit_detail"),
]
