"""clusterdesk settings: every deployment knob comes from an environment variable.

The defaults are safe for production (DEBUG off, secure cookies when HTTPS is on);
`make run` sets DEBUG for local use. `.env.example` lists every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from clusterdesk.core.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("CLUSTERDESK_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key("SECRET_KEY", VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "clusterdesk.core",
    "clusterdesk.core.search",
    "clusterdesk.accounts",
    "clusterdesk.organisations",
    "clusterdesk.imports",
    "clusterdesk.catalogue",
    "clusterdesk.engagement",
    "clusterdesk.diagnostics",
    "clusterdesk.support",
    "clusterdesk.matching",
    "clusterdesk.partnering",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "clusterdesk.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clusterdesk.core.middleware.LoginRequiredMiddleware",
    "clusterdesk.core.merging.MergedRecordRedirectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clusterdesk.urls"
WSGI_APPLICATION = "clusterdesk.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "clusterdesk.core.context_processors.navigation",
                "clusterdesk.imports.context_processors.imports_navigation",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'clusterdesk.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at the same time; IMMEDIATE takes the write
        # lock when a transaction starts, so concurrent writers wait instead of failing.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests run against a real SQLite file, not an in-memory database; one file per test
    # process, so two test runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Luxembourg")
USE_I18N = True
USE_TZ = True
# English dates as Europe writes them (clusterdesk/formats/en); French and German keep Django's.
FORMAT_MODULE_PATH = ["clusterdesk.formats"]

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- Security ---------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- E-mail -----------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "clusterdesk <noreply@localhost>")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "clusterdesk.core.request_id.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- clusterdesk ------------------------------------------------------------------------
CLUSTERDESK_PAGE_SIZE = env_int("CLUSTERDESK_PAGE_SIZE", 25)
CLUSTERDESK_DEMO_PASSWORD = env_str("CLUSTERDESK_DEMO_PASSWORD", "demo")
CLUSTERDESK_SITE_NAME = _("clusterdesk")

# --- Background tasks and imports ---------------------------------------------------------
# The Django tasks API (django-tasks backport) with its database backend; `clusterdesk worker`
# runs the tasks. TASKS_BACKEND=immediate runs them in the web process (small sites, tests).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if _TASKS_BACKEND not in _TASK_BACKENDS:
    raise ConfigurationError(f"TASKS_BACKEND={_TASKS_BACKEND!r} is not one of database, immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_TASKS_BACKEND]}}
# Files above this size are refused before they are read (bytes; default 20 MB).
CLUSTERDESK_IMPORT_MAX_BYTES = env_int("CLUSTERDESK_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# The address people reach clusterdesk at: links in emails (digests, self-assessments) and
# in calendar feeds.
# From this hour (local time) `clusterdesk worker` queues the day's digest emails.
CLUSTERDESK_DIGEST_HOUR = env_int("CLUSTERDESK_DIGEST_HOUR", 7)
CLUSTERDESK_SITE_URL = env_str("CLUSTERDESK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Files with more data rows than this are analysed and committed by the worker.
CLUSTERDESK_IMPORT_INLINE_ROWS = env_int("CLUSTERDESK_IMPORT_INLINE_ROWS", 2000)
# CORDIS and other EU sources use XK for Kosovo, which ISO 3166 does not list yet.
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}
