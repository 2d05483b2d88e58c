#!/usr/bin/env python3
"""Django's command-line entry point for the end-to-end suite's key_vault (migrate, runserver).

Run with Debian's /usr/bin/python3, which has python3-django and python3-django-prometheus.
"""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "key_vault.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
