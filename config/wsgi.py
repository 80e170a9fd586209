"""WSGI entry point, served by gunicorn in production (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from config.startup import require_mailer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
require_mailer()
