"""Settings of the end-to-end suite's key_vault: a production-like Django (DEBUG off, so an
uncaught exception is a plain 500 as in a cluster) instrumented with django-prometheus as its
documentation says, storing key backups in SQLite under KEY_VAULT_DATA."""
import os
from pathlib import Path

DATA = Path(os.environ["KEY_VAULT_DATA"])

# Only ever served on 127.0.0.1 by the test; nothing is signed with it.
SECRET_KEY = "matrixmon-e2e-key-vault-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django_prometheus",
    "backups",
]

# django-prometheus's two middlewares wrap every other one: Before counts requests as they
# arrive, After labels responses with their status, view and method (the series the chart's
# rules read).
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "key_vault.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA / "key_vault.sqlite3"),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
# Clients PUT to URLs without a trailing slash; CommonMiddleware must not redirect them.
APPEND_SLASH = False

# The share of key backup requests to fail, written by the test (see backups/views.py).
FAULT_FILE = DATA / "fail-percent"

# Tracebacks of failed requests go to the process's output (the suite's log), as a container's
# would; runserver logs each request there too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
