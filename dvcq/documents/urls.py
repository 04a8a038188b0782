from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("van-ban/thiet-lap/", views.document_settings, name="settings"),
    path("van-ban/mau/", views.template_list, name="templates"),
    path("van-ban/mau/<slug:kind>/tai-len/", views.template_upload, name="template_upload"),
    path("van-ban/mau/<slug:kind>/mac-dinh/", views.template_reset, name="template_reset"),
    path("van-ban/<slug:kind>/<slug:code>/<int:year>/", views.report_export, name="export"),
]
