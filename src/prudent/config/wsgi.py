"""The WSGI application of the production server (``prudent.config.serve``): the site through
Django's full middleware, ``/api/…`` through the same less two that never act on it
(``prudent.config.handlers``)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prudent.config.settings.prod")
django.setup(set_prefix=False)  # what django.core.wsgi.get_wsgi_application does first

from prudent.config.handlers import Dispatcher, build_application  # noqa: E402

application: Dispatcher = build_application()
