"""Settings of the commitments monitor.

Every deploy-time value comes from an environment variable (see .env.example); the defaults are
safe: DEBUG off, a SQLite file under var/, no secret worth stealing, and no start at all with
DEBUG off until EMAIL_HOST names an SMTP server (or EMAIL_MAILER chooses another mailer).
"""

import os
import urllib.parse
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value!r}")
    return number


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_redis_url(name: str) -> str:
    """A Redis address (redis://, rediss:// or unix://), or "" when unset. The message names
    the variable and what is wrong, never the value: it may hold a password."""
    value = os.environ.get(name, "")
    if not value:
        return ""
    example = "such as redis://127.0.0.1:6379/0"
    try:
        address = urllib.parse.urlsplit(value)
        address.port  # noqa: B018 (read to refuse a port that is not a number)
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not a readable address ({example})") from None
    if address.scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(
            f"{name} must start with redis://, rediss:// or unix:// ({example}), "
            f"not {address.scheme or 'no scheme'}"
        )
    database = address.path.strip("/") if address.scheme != "unix" else ""
    if address.scheme != "unix" and not address.hostname:
        raise ImproperlyConfigured(f"{name} must name the Redis server's host ({example})")
    if database and not database.isdigit():
        raise ImproperlyConfigured(f"{name} must end with a database number ({example})")
    return value


DEBUG = env_bool("DEBUG", False)

# A demo world: generated operators, commitments and declarations, never real figures. Every page
# says DEMO, and only then may the demo generator write. Demo data never share a database with
# real data: `make demo` turns this on for a database of its own.
DEMO = env_bool("DEMO", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Without a configured key, each process gets a random one: safe, but sessions end at
        # every restart. Production sets SECRET_KEY.
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
    else:
        SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with the officials' second factor at its door (operators/admin_site.py).
    "operators.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "import_export",
    "django_tasks_db",
    # Locked doors: failed-login limits, officials' second factor (see the block below).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "operators",
    "memoranda",
]

MIDDLEWARE = [
    # /healthz before anything that could redirect it or refuse its Host (config/health.py).
    "config.middleware.HealthCheckMiddleware",
    # Every later log line and the response carry the request's identifier (config/logs.py).
    "config.logs.RequestIdMiddleware",
    # Which database the request reads from, when a replica is configured (config/routers.py).
    "config.routers.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Deployment headers: Cross-Origin-Resource-Policy on every response, and the operator
    # space, account pages and admin kept out of every cache (config/middleware.py).
    "config.middleware.CrossOriginResourcePolicyMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages and downloads from the cache (config/page_cache.py):
    # above everything that a stored page need not run again, below the headers every
    # response gets, and above GZip, so that the compressed page is what is stored.
    "config.page_cache.PublicPageCacheMiddleware",
    # Pages and exports compressed; below whitenoise, which serves static files precompressed.
    # Django's gzip carries its own BREACH mitigation, and CSRF tokens are masked per request.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the parameters: NUL characters, unreadable form data, admin action
    # ids and inline form counts refused with 400 (config/request_guard.py).
    "config.request_guard.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user of each request goes into the history of what it changes.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Locked doors: which device verified the official (after authentication), idle sessions
    # ended (after messages, which say why), lockouts turned into their page.
    "django_otp.middleware.OTPMiddleware",
    "operators.security.IdleTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"

# Regions, cities, segments and operators are operators' models, but their public pages are the
# memoranda app's (operators never depends on memoranda): the project joins the two here.
ABSOLUTE_URL_OVERRIDES = {
    "operators.region": lambda region: reverse("memoranda:region_detail", args=[region.slug]),
    "operators.city": lambda city: reverse("memoranda:city_detail", args=[city.slug]),
    "operators.segment": lambda segment: reverse("memoranda:segment_detail", args=[segment.code]),
    "operators.operator": lambda operator: reverse(
        "memoranda:operator_detail", args=[operator.slug]
    ),
}

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite under var/ by default (nothing to install); PostgreSQL when DATABASE_URL says so, with
# psycopg 3's connection pool.


def database_settings(name: str, url: str) -> dict:
    try:
        database = dj_database_url.parse(url)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name} is not a database URL: {error}") from None
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["pool"] = env_bool("DATABASE_POOL", True)
        # The pages' queries are short but their correlated subqueries inflate the planner's
        # cost estimates past PostgreSQL's JIT threshold: compiling them took longer (80 ms to
        # 2 s) than running them (a few ms).
        database["OPTIONS"]["options"] = "-c jit=off"
        database["CONN_MAX_AGE"] = 0
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        database.setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    return database


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
DATABASES = {"default": database_settings("DATABASE_URL", DATABASE_URL)}
# A read replica of the primary (PostgreSQL streaming replication): the public pages' reads of
# figures go there, everything else (writes, the admin, the operator space, accounts, sessions,
# tasks) to the primary (config/routers.py). Empty: one database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
DATABASE_ROUTERS = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_settings("DATABASE_REPLICA_URL", DATABASE_REPLICA_URL)
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name a database of the same kind as DATABASE_URL"
        )
    # Tests read the replica as a second connection to the test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords per OWASP ASVS 5.0 level 2: at least 12 characters, any length up to 128 (so 64 and
# more are accepted), no composition rules (hence no NumericPasswordValidator), nothing close to
# the account's own name or e-mail, nothing from the common-password list that Django ships
# (19,646 passwords from breach corpora, 187 of them 12 characters or longer) or from the list
# COMMON_PASSWORDS_FILE names.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "operators.security.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {
        "NAME": "django.contrib.auth.password_validation.CommonPasswordValidator",
        # A longer list of breached passwords (one a line, optionally gzipped) replaces Django's.
        "OPTIONS": (
            {"password_list_path": env_str("COMMON_PASSWORDS_FILE", "")}
            if env_str("COMMON_PASSWORDS_FILE", "")
            else {}
        ),
    },
]

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers per language (config/formats/<language>/formats.py), over Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
# Quantities are grouped where they are shown (intcomma, which follows the language); a global
# separator would also group every year the admin shows as an integer ("2 026").
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = env_str("TIME_ZONE", "Africa/Casablanca")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Releases of the open data (memoranda.releases): files written once and never changed. On
# this machine's disk by default, served by the portal with long cache headers; in an
# S3-compatible bucket when RELEASES_S3_BUCKET is set (the optional dependency
# django-storages[s3]: pip install '.[s3]'), where downloads go straight to the bucket.
RELEASES_ROOT = Path(env_str("RELEASES_ROOT", str(MEDIA_ROOT / "releases")))
RELEASES_S3_BUCKET = env_str("RELEASES_S3_BUCKET", "")
if RELEASES_S3_BUCKET:
    STORAGES["releases"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": RELEASES_S3_BUCKET,
            # Empty: Amazon's own endpoint; any S3-compatible service gives its address.
            "endpoint_url": env_str("RELEASES_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("RELEASES_S3_REGION", "") or None,
            # The keys; empty: boto3's own lookup (its environment variables, an instance role).
            "access_key": env_str("RELEASES_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("RELEASES_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("RELEASES_S3_PREFIX", "releases"),
            "custom_domain": env_str("RELEASES_S3_CUSTOM_DOMAIN", "") or None,
            # A public bucket is linked as it is; a private one through signed addresses.
            "querystring_auth": env_bool("RELEASES_S3_SIGNED_URLS", False),
            # A release's file is never replaced: a name that exists is an error, not a copy.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    STORAGES["releases"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": RELEASES_ROOT, "base_url": None},
    }
# The release of a quarter is published this many days after the quarter ends, by the daily
# `manage.py publish_release` (0: on the first day of the next quarter).
RELEASE_DAYS_AFTER_QUARTER = env_int("RELEASE_DAYS_AFTER_QUARTER", 0, minimum=0)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything the portal loads comes from its own origin, and no page carries an inline script or
# style, so the policy needs neither 'unsafe-inline' nor a nonce. The admin's own scripts are
# files too; its forms post to the same origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS in production (README, "Production settings"): the proxy terminates TLS and says so in
# X-Forwarded-Proto (BEHIND_HTTPS_PROXY), Django redirects what came over plain HTTP, and HSTS
# tells browsers never to try HTTP again. includeSubDomains and preload are commitments for the
# whole domain (preload lists are slow to leave): off unless asked for.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)

# Licence of the open data (the exports and datapackage.json): an SPDX-style identifier, its title
# and the address of its text. The publisher chooses it; Creative Commons Attribution is the
# default.
OPEN_DATA_LICENCE_NAME = env_str("OPEN_DATA_LICENCE_NAME", "CC-BY-4.0")
OPEN_DATA_LICENCE_TITLE = env_str("OPEN_DATA_LICENCE_TITLE", "Creative Commons Attribution 4.0")
OPEN_DATA_LICENCE_URL = env_str(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# The most commitments one memorandum holds: the admin's memorandum form refuses more lines at
# once, before building them. A memorandum has at most one commitment per segment and city, and
# one per segment not yet allocated: segments x (cities + 1), 4 x 18 = 72 with the reference
# data; raise it if officials add many cities or segments.
MEMORANDUM_MAX_COMMITMENTS = env_int("MEMORANDUM_MAX_COMMITMENTS", 200, minimum=1)

# Public list page size and the ceiling on what one page may ask for.
COMMITMENTS_PER_PAGE = env_int("COMMITMENTS_PER_PAGE", 50)

# Quarterly declarations: days after a quarter's end before its declaration is late, and the
# change from the previous validated quarter (a share: 0.5 is 50%) past which submitting needs an
# explanation and the declaration is flagged to reviewers.
DECLARATION_DUE_DAYS = env_int("DECLARATION_DUE_DAYS", 30)
DECLARATION_CHANGE_THRESHOLD = env_float("DECLARATION_CHANGE_THRESHOLD", 0.5)

# Status of a commitment: on track when its jobs created reach this share of the jobs expected on
# the straight line from signature to horizon, at risk when they reach the second share, behind
# below it.
STATUS_ON_TRACK_SHARE = env_float("STATUS_ON_TRACK_SHARE", 0.9)
STATUS_AT_RISK_SHARE = env_float("STATUS_AT_RISK_SHARE", 0.6)
# A figure is out of date once it is more than this many quarters older than the latest quarter
# whose declaration is due (0: out of date as soon as a newer quarter is due).
STATUS_GRACE_QUARTERS = env_int("STATUS_GRACE_QUARTERS", 1, minimum=0)

# Shares of permanent contracts and of women are withheld in public below this headcount, so
# that nobody on a small site can be singled out.
PUBLIC_MIN_HEADCOUNT = env_int("PUBLIC_MIN_HEADCOUNT", 10, minimum=1)

# E-mail (invitations, password resets) goes through the SMTP server EMAIL_HOST names. Without
# one, DEBUG on prints it on the console (`make run`); DEBUG off refuses to serve or send
# (config/startup.py: gunicorn, asgi, the task worker's e-mails, the reminders), rather than let
# invitations and password-reset links land in the server log; commands that send nothing
# (migrate, makemigrations, backup) still run. Unless EMAIL_MAILER chooses
# another mailer on purpose: "console" (printed, never sent) or "locmem" (kept in memory, as the
# test configuration does). Django 6.1's MAILERS replaces the EMAIL_BACKEND family of settings.
MAILER_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
email_host = env_str("EMAIL_HOST", "")
EMAIL_MAILER = env_str("EMAIL_MAILER", "") or ("smtp" if email_host or not DEBUG else "console")
if EMAIL_MAILER not in MAILER_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_MAILER must be one of {', '.join(MAILER_BACKENDS)}, not {EMAIL_MAILER!r}"
    )
MAILER_MISSING = (
    "EMAIL_HOST must name the SMTP server of the portal's e-mail (invitations, password "
    "resets): it is required when DEBUG is off; EMAIL_MAILER=console chooses to print "
    "e-mail on the console instead"
    if EMAIL_MAILER == "smtp" and not email_host
    else ""
)
MAILERS = {
    "default": {
        "BACKEND": MAILER_BACKENDS[EMAIL_MAILER],
        "OPTIONS": {
            "host": email_host,
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        }
        if EMAIL_MAILER == "smtp"
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The task worker (`manage.py db_worker`) runs what must not hold a web request: e-mails
# today. Tasks wait in the database (django-tasks-db), so there is nothing more to run.
# TASK_BACKEND=immediate runs each task at once in the process that enqueues it, for a
# one-process set-up without a worker.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
task_backend = env_str("TASK_BACKEND", "database")
if task_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {task_backend!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[task_backend]}}
# The worker beats every WORKER_HEARTBEAT_SECONDS (a task it runs and enqueues again); /healthz
# reports it stale once its last beat is older than WORKER_STALE_SECONDS (config/health.py).
# A long task holds the beat back: the threshold leaves room for the longest (an import).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 60, minimum=1)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 600, minimum=1)
if WORKER_STALE_SECONDS <= WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        f"WORKER_STALE_SECONDS ({WORKER_STALE_SECONDS}) must be longer than "
        f"WORKER_HEARTBEAT_SECONDS ({WORKER_HEARTBEAT_SECONDS})"
    )

# Reporting reminders: declarations due within this many days are reminded; links in e-mails
# sent outside a request (reminders) start with PORTAL_URL.
REMINDER_DAYS_BEFORE_DUE = env_int("REMINDER_DAYS_BEFORE_DUE", 7)
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# Reviewers (officials) hear of submitted declarations by e-mail: "daily", one digest a day
# listing the submissions since the previous one, or "each", one e-mail per submission.
REVIEW_DIGEST = env_choice("REVIEW_DIGEST", "daily", ("daily", "each"))

# The daily work: `manage.py run_daily_work`, run once a day by one cron line or timer (README,
# "Daily work"), hands these tasks to the worker. Each may run twice a day without sending or
# removing anything twice.
DAILY_TASKS = [
    "operators.daily_work.reporting_reminders_run",
    "operators.daily_work.review_digest_run",
    "memoranda.tasks.import_uploads_purge_run",
]

# Operator staff sign in to their space; officials sign in through the admin.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "operators:calendar"
LOGOUT_REDIRECT_URL = "memoranda:home"

# --- Locked doors: login limits, officials' second factor, idle sessions ---------------------
# Failed logins are counted per account and address together (django-axes): after
# LOGIN_FAILURE_LIMIT failures that pair is refused for LOGIN_LOCKOUT_MINUTES, by the first
# authentication backend, before any password is hashed; the same account from another address
# still gets in, so that nobody can lock an official out from afar. Officials see and lift
# lockouts in the admin (Axes > Access attempts: delete the row).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# Behind the TLS proxy the client's address is the one the proxies put in X-Forwarded-For:
# the TRUSTED_PROXY_COUNT-th from the right. 0 (no proxy): the connection's own address. A
# count larger than the real number of proxies lets a client choose its address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A refused attempt does not push the retry time further, so the time the page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "operators.security.client_ip_address"
AXES_USERNAME_CALLABLE = "operators.security.client_username"
AXES_LOCKOUT_CALLABLE = "operators.security.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
AXES_VERBOSE = False
# Officials enter a code from an authenticator app (TOTP) or a recovery code after their
# password on the admin's login page; required unless turned off (the default follows DEBUG,
# so that a local `make run` stays easy).
OFFICIAL_SECOND_FACTOR = env_bool("OFFICIAL_SECOND_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Commitments monitor")
# The devices' secrets and recovery codes never appear in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Sessions end after so many minutes without a request (checked to the minute); officials'
# also when the browser closes.
OFFICIAL_IDLE_MINUTES = env_int("OFFICIAL_IDLE_MINUTES", 30, minimum=1)
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 120, minimum=1)
# --- end of locked doors ----------------------------------------------------------------------

# Public pages and downloads are cached for anonymous visitors (config/page_cache.py): in Redis
# when REDIS_URL names one (shared by every gunicorn worker and machine), otherwise in files
# under PAGE_CACHE_DIR, shared by every process of this machine. Not in each process's memory:
# the task worker (an import, a release) and the management commands change public figures from
# processes of their own, and a generation renewed in their memory would leave the web server
# serving the pages from before the change until the day ends (`make run` runs both).
# Every change that can alter a public page invalidates them all once committed, and a page
# never outlives its day; PAGE_CACHE_SECONDS bounds how long an unread page takes memory (0
# turns the page cache off). Streamed downloads larger than PAGE_CACHE_MAX_BYTES are served
# uncached. A cache that is down slows pages down, never breaks them. Off by default with DEBUG
# on: a template or a view being edited must show at the next reload, which the cache (renewed
# by data changes only) would not do.
REDIS_URL = env_redis_url("REDIS_URL")
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 24 * 3600, minimum=0)
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 8_000_000, minimum=0)
PAGE_CACHE_ALIAS = "default"
CACHES = {
    "default": (
        {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Several portals (or a portal and its tests) may share one Redis.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
            # A server that does not answer is given up quickly: the page is served uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / env_str("PAGE_CACHE_DIR", "var/page-cache"),
            # Culling may remove the generation too: then no stored page is served, never an
            # old one (config.page_cache.generation_start).
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    )
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# An admin import keeps its upload between preview and confirmation in the database (shared by
# every gunicorn worker), never on disk, and removes it once the import ends, whatever its
# outcome; a preview left unconfirmed is removed after IMPORT_UPLOAD_MINUTES.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "memoranda.uploads.DatabaseUploadStorage"
IMPORT_UPLOAD_MINUTES = env_int("IMPORT_UPLOAD_MINUTES", 60, minimum=1)
# A file of more rows than IMPORT_INLINE_ROWS is checked and imported by the task worker, the
# official's page showing its progress (reloaded every IMPORT_REFRESH_SECONDS); a smaller one
# is previewed, row by row, and imported within the request.
IMPORT_INLINE_ROWS = env_int("IMPORT_INLINE_ROWS", 1000, minimum=0)
IMPORT_REFRESH_SECONDS = env_int("IMPORT_REFRESH_SECONDS", 2, minimum=1)

# Backups (`manage.py backup`, `make backup`): where they are written, and the PostgreSQL client
# programs that write and restore them, where they are not on the PATH.
BACKUP_DIR = BASE_DIR / env_str("BACKUP_DIR", "var/backups")  # relative to the checkout
PG_DUMP = env_str("PG_DUMP", "pg_dump")
PG_RESTORE = env_str("PG_RESTORE", "pg_restore")

# Logs on the standard error, as text lines or (LOG_FORMAT=json) one JSON object a line, each
# with the request's identifier (config/logs.py).
LOG_FORMATS = ("text", "json")
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured(
        f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {LOG_FORMAT!r}"
    )
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING").upper()
if LOG_LEVEL not in LOG_LEVELS:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {LOG_LEVEL!r}"
    )
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
# Error reports hide the addresses that may hold a password as well (config/errors.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.errors.SecretSettingsFilter"
