from django.db import models


class KeyBackup(models.Model):
    """A user's end-to-end encryption key backup: the client's opaque JSON, replaced by each PUT."""

    user_id = models.CharField(max_length=255, primary_key=True)
    data = models.TextField()
    version = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)
