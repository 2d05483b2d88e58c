"""key_vault's URLs: the key backup API, the kubelet's health probe, and django-prometheus's
/metrics (its view is named prometheus-django-metrics, which the chart's error-rate alert leaves
out)."""
from django.urls import include, path

from backups import views

urlpatterns = [
    path("v1/keys/backup/<str:user_id>", views.keys_backup, name="keys-backup"),
    path("health", views.health, name="health"),
    path("", include("django_prometheus.urls")),
]
