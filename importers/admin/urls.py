"""URLs of the import screen, mounted in the Wagtail admin by ``wagtail_hooks``."""

from django.urls import path

from importers.admin import views as admin_views

app_name = "advice_importers"

urlpatterns = [
    path("", admin_views.ImportView.as_view(), name="import"),
    path("<int:pk>/", admin_views.JobView.as_view(), name="job"),
    path("<int:pk>/status/", admin_views.JobStatusView.as_view(), name="job_status"),
]
