from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("export/", views.export_view, name="export"),
    path("delete/", views.delete_view, name="delete"),
    path("recovery-codes/", views.recovery_codes_view, name="recovery-codes"),
    path("recovery-codes/new/", views.recovery_codes_renew, name="recovery-codes-renew"),
    path("recovery-codes/download/", views.recovery_codes_download, name="recovery-codes-download"),
]
