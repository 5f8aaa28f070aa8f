"""Smartby settings: every value comes from a SMARTBY_* environment variable.

Only this module reads the environment. Each variable is listed in docs/configuration.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"SMARTBY_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


VAR_DIR = Path(env("VAR_DIR", str(PROJECT_DIR / "var")))
PRODUCTION = env_bool("PRODUCTION")
DEBUG = env_bool("DEBUG", default=not PRODUCTION) and not PRODUCTION


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SMARTBY_SECRET_KEY is required when SMARTBY_PRODUCTION is on.")
    # Local use: generate once and keep it under var/ so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("SMARTBY_ALLOWED_HOSTS is required when SMARTBY_PRODUCTION is on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "smartby.core",
    "smartby.reference",
    "smartby.organisations",
    "smartby.accounts",
    "smartby.network",
    "smartby.roadmap",
    "smartby.cases",
    "smartby.assessments",
    "smartby.catalog",
    "smartby.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "smartby.core.middleware.ApiJsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "smartby.core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smartby.urls"
WSGI_APPLICATION = "smartby.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "smartby.core.context_processors.site",
            ],
        },
    }
]

# Database: SQLite under var/ unless SMARTBY_DATABASE_URL names another.
_default_sqlite = f"sqlite:///{VAR_DIR / 'smartby.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", _default_sqlite), conn_max_age=int(env("DB_CONN_MAX_AGE", "0"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at the
        # start of a transaction so concurrent writers wait (busy timeout) instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(env("SQLITE_BUSY_TIMEOUT", "20")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default, opted into now

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "smartby.accounts.views.lockout"
AXES_VERBOSE = False

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = not PRODUCTION

# The cache: per process by default; SMARTBY_CACHE_URL=redis://host:6379/0 shares one
# between app servers. Anonymous pages are cached there (see smartby.core.pagecache).
_CACHE_URL = env("CACHE_URL")
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(env("CACHE_MAX_ENTRIES", "2000"))},
        }
    )
}
SMARTBY_PAGE_CACHE = "default"
# How long a cached page is kept at most (an edit makes it unreachable at once anyway), and
# how long a shared proxy may serve it before it asks again (s-maxage).
SMARTBY_PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "60"))
SMARTBY_PROXY_CACHE_SECONDS = int(env("PROXY_CACHE_SECONDS", "10"))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Smartby <noreply@smartby.localhost>")

TASKS = {
    "default": {
        "BACKEND": env("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Outbound fetches (harvesting, link checks) refuse loopback addresses unless this is on:
# for tests that start a local server only.
HTTP_ALLOW_LOOPBACK = env_bool("HTTP_ALLOW_LOOPBACK")
if PRODUCTION and HTTP_ALLOW_LOOPBACK:
    raise ImproperlyConfigured("SMARTBY_HTTP_ALLOW_LOOPBACK must be off in production.")

# The link checker checks each address of the catalogue again after this many hours.
LINKCHECK_HOURS = int(env("LINKCHECK_HOURS", "24"))

# Map tiles for Leaflet; empty turns the background layer off (the markers and the text
# list still work).
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env("MAP_ATTRIBUTION", "© OpenStreetMap contributors")

# Cases: the largest attachment accepted, and how long a pilot may go without a progress
# update before the pilot watch flags it.
CASE_ATTACHMENT_MAX_MB = float(env("CASE_ATTACHMENT_MAX_MB", "10"))
PILOT_STALE_MONTHS = int(env("PILOT_STALE_MONTHS", "12"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
