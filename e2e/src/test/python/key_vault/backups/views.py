"""The key backup API (PUT stores a user's backup, GET fetches it) and the health probe.

A share of key backup requests can be made to fail, for the test's error-rate scenario: the view
raises, as it would when its storage breaks, and Django answers with its own 500, which
django-prometheus counts under the view and method like any production failure.
"""
import itertools
import json
import threading

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_GET, require_http_methods

from .models import KeyBackup


class InjectedFault(Exception):
    """Raised for the share of requests the test asked to fail."""


_requests = itertools.count(1)
_lock = threading.Lock()


def _fail_percent():
    # Read on each request, so the test changes it without restarting the process.
    try:
        return int(settings.FAULT_FILE.read_text().strip() or 0)
    except FileNotFoundError:
        return 0


def _should_fail():
    # Spread the failures evenly: request n fails when n * percent / 100 passes a whole number,
    # so that 20 percent is one request in five rather than bursts of twenty.
    percent = _fail_percent()
    with _lock:
        n = next(_requests)
    return n * percent // 100 != (n - 1) * percent // 100


@require_http_methods(["GET", "PUT"])
def keys_backup(request, user_id):
    if _should_fail():
        raise InjectedFault(f"injected failure for {request.method} {request.path}")
    if request.method == "PUT":
        try:
            json.loads(request.body)
        except ValueError:
            return HttpResponseBadRequest("the key backup must be JSON")
        data = request.body.decode()
        with transaction.atomic():
            backup, created = KeyBackup.objects.get_or_create(user_id=user_id, defaults={"data": data})
            if not created:
                backup.data = data
                backup.version += 1
                backup.save()
        return JsonResponse({"version": backup.version})
    try:
        backup = KeyBackup.objects.get(user_id=user_id)
    except KeyBackup.DoesNotExist:
        return JsonResponse({"errcode": "M_NOT_FOUND", "error": "no key backup"}, status=404)
    return JsonResponse({"version": backup.version, "data": json.loads(backup.data)})


@require_GET
def health(request):
    # Ready when the database answers.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
