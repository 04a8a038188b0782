"""Settings for DVCQ, read from the environment.

Every variable is listed with its default in `.env.example`. The defaults give a working
development site on SQLite under `var/`; production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and the HTTPS variables.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """The variable's value; unset and empty both mean the default (as in .env.example)."""
    return os.environ.get(name, "").strip() or default


def envbool(name: str, default: str = "False") -> bool:
    return env(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(env(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


def envpath(name: str, default: Path) -> Path:
    """A path; relative ones are taken from the project directory, not the working directory."""
    return BASE_DIR / env(name, str(default))


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "dvcq.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    # django-axes (login throttling) under a Vietnamese name in the admin site.
    "dvcq.org.logins.AxesConfig",
    "csp",
    # Background jobs: django-tasks with its database backend (worker: `manage.py db_worker`).
    "django_tasks",
    "django_tasks_db",
    "dvcq.jobs",
    "dvcq.org",
    "dvcq.documents",
    "criteria",
    "evidence",
    "scoring",
    "models_dvk",
    "dvcq.demo",
    "dvcq.backup",
    "dvcq.reading",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files leave here with their own long caching, before the headers below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages leave compressed; files and static files as they are (see the class).
    "dvcq.middleware.PageGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dvcq.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a login unless decorated with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change for the models that keep a history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Permissions-Policy on every response, no caching of what a logged-in user sees.
    "dvcq.middleware.PrivacyHeadersMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dvcq.urls"
WSGI_APPLICATION = "dvcq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dvcq.context_processors.navigation",
            ],
            # The project's own filters (points, signed, day): `dvcq` is not an installed app,
            # so its template library is named here for `{% load dvcq_tags %}`.
            "libraries": {"dvcq_tags": "dvcq.templatetags.dvcq_tags"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'dvcq.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several servers: what every gunicorn instance shares (README, "Several servers").
# Sessions live in the database, so a login made through one instance is valid on every other
# one, and a logout ends it everywhere. Not in the cache: a cache may evict a session, and the
# local-memory default is private to one process. `manage.py clearsessions` (daily, by cron)
# deletes the expired ones.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The cache holds the rate limits (dvcq/ratelimit.py). CACHE_URL=redis://host:6379/0 puts it in
# Redis, shared by every instance; unset, each process keeps its own in memory (one server only).
CACHE_URL = env("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "dvcq",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// address.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered documents, by their content (dvcq/documents/doc_cache.py): beside the rate limits,
# never crowding them out; in local memory a process keeps at most 50 of them (≤ 1 MB each).
CACHES["documents"] = {
    **CACHES["default"],
    "KEY_PREFIX": "dvcq-doc",
    "LOCATION": CACHES["default"].get("LOCATION", "documents"),
    "OPTIONS": {} if CACHE_URL else {"MAX_ENTRIES": 50},
}
# "Quên mật khẩu" sends at most this many links an hour per e-mail address and per client
# address (counted in the cache): nobody can flood a colleague's mailbox or the mail server.
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 3
PASSWORD_RESET_PER_CLIENT_PER_HOUR = 20

AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out username before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        # The user model keeps one full_name, not Django's first_name/last_name.
        "OPTIONS": {"user_attributes": ["username", "full_name", "email"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "dvcq.org.passwords.NotCurrentPasswordValidator"},
]

# Login throttling (django-axes). A username is locked for one address after AXES_FAILURE_LIMIT
# wrong passwords in a row, for AXES_COOLOFF_MINUTES; a right password before that resets the
# count. Only the username + address pair is locked: locking a username everywhere would let
# anyone lock a commune's leader out by typing their name, and locking an address alone would
# lock a whole office behind one NAT address after a few typos.
# Failed attempts are rows in the database (not the cache), so every instance counts the same
# failures and the admin site can list and lift lockouts.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not restart it, so the wait the lockout page states holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Every failure is kept in the admin's "nhật ký đăng nhập sai", even after a success resets the
# count (up to 1,000 per username).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The client's address: X-Forwarded-For only when nginx sits in front (BEHIND_TLS_PROXY).
AXES_CLIENT_IP_CALLABLE = "dvcq.org.logins.client_ip_address"


# Vietnamese first; the English catalogue in locale/en is kept complete.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy and 78,50 (Django's own Vietnamese formats use dashes in short dates).
FORMAT_MODULE_PATH = ["dvcq.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = envpath("STATIC_ROOT", BASE_DIR / "var" / "static")

# Evidence files never live under a public URL: downloads go through permission-checked views.
MEDIA_ROOT = envpath("MEDIA_ROOT", BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# S3-compatible object storage for evidence files, when FILE_STORAGE is
# storages.backends.s3.S3Storage (django-storages). Files are still only served through the
# permission-checked download view, never by a public bucket URL.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY") or None
AWS_DEFAULT_ACL = None
AWS_S3_FILE_OVERWRITE = False

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend, one file per message here.
EMAIL_FILE_PATH = envpath("EMAIL_FILE_PATH", BASE_DIR / "var" / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "DVCQ <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", addr) for addr in envlist("ADMIN_EMAILS")]
# The site's address in links sent by e-mail from the command line (invitations of
# `manage.py onboard`, reminders); a page uses the address it was reached at.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# HTTPS: on by default whenever DEBUG is off; a site behind a TLS-terminating proxy sets
# SECURE_PROXY_SSL_HEADER via the variable below.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", str(not DEBUG))
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", str(not DEBUG))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", str(not DEBUG))
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(not DEBUG))
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
# Django's defaults, spelled out because the security tests rely on them.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): every script and style comes from /static/, so an
# injected <script>, on…= handler or style="" attribute does nothing. Inline SVG charts are
# part of the page and need no source; Bootstrap's own icons are data: URLs in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features a page may use: the camera (evidence photos are taken through a file input
# with capture="environment"), nothing else.
PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), "
    "midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every page at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every login at INFO; failures and lockouts are WARNINGs.
        "axes": {"level": "WARNING"},
    },
}

# Evidence uploads: limits per file and per record (bytes). Uploads above Django's memory
# threshold stream to a temporary file, never whole into memory.
EVIDENCE_MAX_FILE_BYTES = envint("EVIDENCE_MAX_FILE_BYTES", 25 * 1024 * 1024)
EVIDENCE_MAX_RECORD_BYTES = envint("EVIDENCE_MAX_RECORD_BYTES", 100 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Those temporary files go to a folder of their own (made at start-up), not the system's /tmp:
# Django deletes each when its request ends, and `manage.py clean_uploads` (daily by cron)
# deletes the ones a killed worker left behind.
FILE_UPLOAD_TEMP_DIR = str(envpath("FILE_UPLOAD_TEMP_DIR", BASE_DIR / "var" / "tmp" / "uploads"))
# Evidence and DVK documents unreferenced this long (hours) are orphans for `clean_uploads`.
UPLOAD_ORPHAN_HOURS = envint("UPLOAD_ORPHAN_HOURS", 24)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The admin's "Xuất XLSX" action (django-import-export) downloads the selected rows at once in
# the one format it offers (dvcq.admin_kit.SafeXLSX), without a format-choosing page.
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = True
IMPORT_EXPORT_SKIP_ADMIN_EXPORT_UI = True
# An old version is shown in the admin's history, never saved back over the record (that would
# pass every workflow lock): no "revert" button, and dvcq.admin_kit refuses the POST.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Background jobs (django-tasks): queued in the database, run by `manage.py db_worker` (one
# process beside the server; `make run` starts it, deploy/dvcq-worker.service in production).
# The tests swap in the immediate backend, which runs a job inside the request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
