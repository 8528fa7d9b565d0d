"""Settings shared by every environment.

The platform runs on a county intranet: no CDN, Chinese UI, Asia/Shanghai time, and the 等保 2.0
level-3 baseline (CONVENTIONS.md §6) applied from the start rather than bolted on later.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[4]
PACKAGE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("PRUDENT_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get(
    "PRUDENT_SECRET_KEY", "insecure-development-key-change-me-in-production"
)
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("PRUDENT_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "prudent.core",
    "prudent.organisations",
    "prudent.entities",
    "prudent.calendars",
    "prudent.accounts",
    "prudent.certificates",
    "prudent.rulebooks",
    "prudent.portal",
    "prudent.discretion",
    "prudent.cases",
    "prudent.execution",
    "prudent.documents",
    "prudent.evidence",
    "prudent.publication",
    "prudent.followups",
    "prudent.inspections",
    "prudent.credit",
    "prudent.visits",
    "prudent.joint",
    "prudent.draws",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "prudent.core.context.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "prudent.config.urls"
WSGI_APPLICATION = "prudent.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prudent.core.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'prudent.sqlite3'}"),
        conn_max_age=int(os.environ.get("PRUDENT_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
#: The API's per-request queries as prepared statements on PostgreSQL (prudent.config.db); set
#: PRUDENT_DB_PREPARE=0 behind a connection pooler in transaction mode.
PRUDENT_DB_PREPARE = os.environ.get("PRUDENT_DB_PREPARE", "1") != "0"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保 2.0 §8.1.4.1: password complexity, login-failure handling, idle timeout (CONVENTIONS.md §6.1).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "prudent.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PRUDENT_LOCKOUT_FAILURES = 5
PRUDENT_LOCKOUT_MINUTES = 15
PRUDENT_AUDIT_RETENTION_DAYS = 180
#: Largest evidence file accepted (R-CASE-7, docs/evidence.md); default 200 MB.
PRUDENT_EVIDENCE_MAX_BYTES = int(
    os.environ.get("PRUDENT_EVIDENCE_MAX_BYTES", str(200 * 1024 * 1024))
)
#: 行政处罚决定公开 (R-CASE-12): months of publication per severity (45号令 Art. 13: 通报批评 or a
#: 较低数额罚款 three months, otherwise three years) and the 较低数额罚款 limit per party kind (set
#: by the province; these defaults are an assumption — see docs/publication.md).
PRUDENT_PUBLICATION_PERIODS = {"low": 3, "standard": 36}
PRUDENT_PUBLICATION_LOW_FINE_YUAN = {"citizen": 10000, "organisation": 100000}
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ENGINE = "prudent.core.sessions"  # the sliding expiry written at most once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("PRUDENT_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
