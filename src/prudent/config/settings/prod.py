"""Production: everything secret or site-specific comes from the environment.

`PRUDENT_SECRET_KEY`, `PRUDENT_ALLOWED_HOSTS` and `DATABASE_URL` must be set; the settings refuse
to start without them rather than fall back to development values.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE

# WhiteNoise serves the collected static files in production (no CDN, no separate web server needed).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

DEBUG = False
SECRET_KEY = os.environ.get("PRUDENT_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("PRUDENT_SECRET_KEY must be set to at least 50 random characters")
if not os.environ.get("PRUDENT_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("PRUDENT_ALLOWED_HOSTS must list the host names served")

SECURE_SSL_REDIRECT = os.environ.get("PRUDENT_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("PRUDENT_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
