"""Haven's settings: one file, every value read from the environment.

SQLite (WAL) unless ``DATABASE_URL`` names PostgreSQL; the database cache unless
``REDIS_URL`` is set. Development fallbacks for secrets exist so that a fresh clone
runs, and the ``haven.W/E`` deploy checks refuse them in production.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from haven.lib.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Development-only fallbacks: public on purpose, refused by `check --deploy`.
DEV_SECRET_KEY = "django-insecure-haven-development-only-never-in-production"
DEV_FIELD_KEY = "aGF2ZW4tZGV2LWZpZWxkLWtleS1ub3QtZm9yLXByb2Q="
DEV_CODE_KEY = "haven-dev-code-key-not-for-production"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Keys for encrypted fields: the first encrypts, all decrypt (rotation). Never SECRET_KEY.
HAVEN_FIELD_KEYS = env_list("HAVEN_FIELD_KEYS", [DEV_FIELD_KEY])
# Key for the keyed hash of case codes. Changing it makes every stored code unusable.
HAVEN_CODE_KEY = env_str("HAVEN_CODE_KEY") or DEV_CODE_KEY

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tasks_db",
    "haven.lib",
    "haven.accounts",
    "haven.audit",
    "haven.registry",
    "haven.hosting",
    "haven.matching",
    "haven.notify",
    "haven.stays",
    "haven.imports",
    "haven.queues",
    "haven.workspaces",
    "haven.relocation",
    "haven.rentals",
    "haven.guide",
    "haven.checklists",
    "haven.helppoints",
    "haven.partners",
    "haven.bot",
    "haven.backoffice",
    "haven.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "haven.lib.middleware.NoStoreMiddleware",
    "haven.lib.middleware.DatabaseUnavailableMiddleware",
    "haven.accounts.middleware.SecondFactorRequiredMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"
ASGI_APPLICATION = "haven.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "haven" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haven.lib.context_processors.haven",
            ],
        },
    },
]

if database_url := env_str("DATABASE_URL"):
    DATABASES = {"default": database_from_url(database_url)}
    # DATABASE_POOL=N: each process keeps a pool of up to N connections (psycopg_pool)
    # instead of one per thread held CONN_MAX_AGE seconds. Or put pgbouncer in front
    # (docs/operations.md).
    if _pool_size := env_int("DATABASE_POOL", 0):
        try:
            import psycopg_pool  # noqa: F401 - only to say clearly what is missing
        except ImportError as missing:
            raise ImproperlyConfigured("DATABASE_POOL needs psycopg[pool] installed") from missing
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"]["OPTIONS"],  # type: ignore[dict-item]  # database_from_url types values as object
            "pool": {"min_size": 1, "max_size": _pool_size, "timeout": 10},
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "haven.sqlite3")),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the
                # write lock at BEGIN so two writers queue instead of deadlocking.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file, not memory: the browser tests' server answers requests in
            # threads, and an in-memory database would make them share one connection
            # (a poll and a page at once then fail with "API misuse").
            "TEST": {"NAME": env_str("SQLITE_TEST_PATH", str(BASE_DIR / "test_haven.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The rate-limit store and the TOTP replay guard live in the cache, so it must be
# shared by all processes: the database by default, Redis when REDIS_URL is set.
if redis_url := env_str("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "haven_cache",
        }
    }

# Background tasks (matching runs) through Django's tasks API. By default a task runs
# at once, inside the request that queued it: right for the tests and the demo. A
# deployment sets HAVEN_TASKS_BACKEND=database and runs `manage.py db_worker` beside
# the app servers (django-tasks-db keeps the queue in the database), or, with several
# machines, HAVEN_TASKS_BACKEND=rq: the queue in Redis (REDIS_URL) for
# `manage.py rqworker default` (django-rq; docs/operations.md).
_TASKS_BACKENDS = {
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
_tasks_backend = env_str("HAVEN_TASKS_BACKEND", "immediate")
if _tasks_backend not in _TASKS_BACKENDS:
    raise ImproperlyConfigured(f"HAVEN_TASKS_BACKEND must be one of {sorted(_TASKS_BACKENDS)}, not {_tasks_backend!r}")
TASKS = {"default": _TASKS_BACKENDS[_tasks_backend]}
if _tasks_backend == "rq":
    if not redis_url:
        raise ImproperlyConfigured("HAVEN_TASKS_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS.append("django_rq")
    # RQ stops a job after DEFAULT_TIMEOUT seconds; Haven's own lease (haven/lib/lease.py)
    # is what notices a dead worker, so the timeout only bounds a job that hangs.
    RQ_QUEUES = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": env_int("HAVEN_RQ_JOB_SECONDS", 3600)}}
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}  # runs Django's tasks: `rqworker` needs no --job-class
# Seconds the matching engine may take for one city.
HAVEN_MATCH_SECONDS = env_int("HAVEN_MATCH_SECONDS", 10)
# Stays: hours a host has to answer a proposal (fewer when the first night is tonight),
# days before its first night that a chain's next leg is proposed to its host, and
# hours a signed link in a message to a guest stays valid.
HAVEN_PROPOSAL_HOURS = env_int("HAVEN_PROPOSAL_HOURS", 12)
HAVEN_PROPOSAL_TONIGHT_HOURS = env_int("HAVEN_PROPOSAL_TONIGHT_HOURS", 3)
HAVEN_HANDOFF_DAYS = env_int("HAVEN_HANDOFF_DAYS", 2)
# Hours a group has to confirm once the host said yes (many come back with their code).
HAVEN_GUEST_ANSWER_HOURS = env_int("HAVEN_GUEST_ANSWER_HOURS", 24)
HAVEN_LINK_HOURS = env_int("HAVEN_LINK_HOURS", 72)
# Days without a sign from a group (code, change, answer) before the inbox marks it stale.
HAVEN_STALE_DAYS = env_int("HAVEN_STALE_DAYS", 3)
# Seconds an update (re-planning only what changed since the last run) may take.
HAVEN_MATCH_UPDATE_SECONDS = env_int("HAVEN_MATCH_UPDATE_SECONDS", 1)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"

# django-allauth: e-mail and password, verified e-mail, TOTP and recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "haven.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Haven"

# django-axes: lock an account+address pair after repeated wrong passwords.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "haven.accounts.lockout.username_of_attempt"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not ours to keep
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("HAVEN_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Public forms: "count/seconds" per client address.
HAVEN_PROXY_COUNT = env_int("HAVEN_PROXY_COUNT", 0)
HAVEN_RATE_LIMITS = {
    "code-lookup": env_str("HAVEN_RATE_CODE_LOOKUP", "10/600"),
    "register": env_str("HAVEN_RATE_REGISTER", "60/3600"),
    # Generous: a centre's Wi-Fi puts a whole waiting room behind one address.
    "queue-ticket": env_str("HAVEN_RATE_QUEUE_TICKET", "120/600"),
    # An employer files a few teams a day, each up to 500 households.
    "relocation": env_str("HAVEN_RATE_RELOCATION", "10/3600"),
    # Anonymous reports about rentals (a rent paid, a refusal): a person sends a few.
    "rental-report": env_str("HAVEN_RATE_RENTAL_REPORT", "10/3600"),
    # Rents told for the index: a tenant tells a few, not dozens.
    "rent-report": env_str("HAVEN_RATE_RENT_REPORT", "5/3600"),
    # The stay clock's JSON endpoint: a calculation, but not a free one.
    "stay-clock": env_str("HAVEN_RATE_STAY_CLOCK", "300/600"),
    # Each partner API token: requests per period, counted per token.
    "api": env_str("HAVEN_RATE_API", "600/60"),
}
# Days a household is kept after its need is over (its last night, or its withdrawal),
# with its stays and bookings; then it is erased, and the audit trail keeps no trace of
# which household it was.
HAVEN_RETENTION_DAYS = env_int("HAVEN_RETENTION_DAYS", 90)
# Rentals: a rent this many times its district's median is held for a coordinator's look;
# this many confirmed reports of discrimination suspend a landlord; units of each
# currency per US dollar, to set rents in tenge, som and dollars side by side.
HAVEN_GOUGING_RATIO = float(env_str("HAVEN_GOUGING_RATIO", "1.5"))
HAVEN_RENTAL_SUSPEND_AFTER = env_int("HAVEN_RENTAL_SUSPEND_AFTER", 3)
HAVEN_RENT_RATES = {
    "USD": 1.0,
    "KZT": float(env_str("HAVEN_RATE_KZT", "470")),
    "KGS": float(env_str("HAVEN_RATE_KGS", "85")),
}
HAVEN_PHOTO_MAX_BYTES = env_int("HAVEN_PHOTO_MAX_BYTES", 10 * 2**20)
HAVEN_ARRIVAL_SESSION_SECONDS = env_int("HAVEN_ARRIVAL_SESSION_SECONDS", 12 * 3600)
# Coordinators and administrators: one working day, then the password and code again.
HAVEN_STAFF_SESSION_SECONDS = env_int("HAVEN_STAFF_SESSION_SECONDS", 10 * 3600)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("kk", "Қазақша"), ("en", "English")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Ours first (makemessages writes there); then Kazakh for the parts of Django and
# django-allauth that ship no Kazakh of their own.
LOCALE_PATHS = [BASE_DIR / "haven" / "locale", BASE_DIR / "haven" / "locale_vendor"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Almaty")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded photos of rentals (re-encoded, without EXIF). A deployment serves them from
# its proxy; with DEBUG, Django does.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STATICFILES_DIRS = [BASE_DIR / "haven" / "static"]
# collectstatic writes gzip and brotli copies; WhiteNoise serves them to phones on a
# weak signal (htmx: 52 KB -> 17 KB).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

_MAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "haven.lib.mail.ReadableConsoleBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            # Well under the outbox's INTERRUPTED_AFTER (10 min): a hung server is an error.
            "timeout": env_int("EMAIL_TIMEOUT", 30),
        }
        if _MAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Haven <noreply@localhost>")

# Transport security. Cookies are Secure unless DEBUG; browsers treat localhost as
# secure, so the demo and the browser tests still keep their sessions.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict policy: nothing inline, nothing from elsewhere. htmx is vendored.
# The help map's tiles: any server in the {z}/{x}/{y} scheme (a deployment may run its
# own). Empty: the map shows the points on a plain background. The list never needs it.
HAVEN_MAP_TILES = env_str("HAVEN_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
HAVEN_MAP_ATTRIBUTION = env_str("HAVEN_MAP_ATTRIBUTION", "© OpenStreetMap contributors")
_TILE_ORIGIN = "/".join(HAVEN_MAP_TILES.split("/")[:3]) if HAVEN_MAP_TILES.startswith("https://") else ""

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# The Telegram bot (haven/bot, docs/bot.md). No token: the bot and its channel stay off.
# The API's base URL is a setting so that tests (and a self-hosted Bot API server) can
# stand in for api.telegram.org; Telegram sends the webhook secret in a header.
HAVEN_TELEGRAM_TOKEN = env_str("HAVEN_TELEGRAM_TOKEN")
HAVEN_TELEGRAM_API_URL = env_str("HAVEN_TELEGRAM_API_URL", "https://api.telegram.org/bot")
HAVEN_TELEGRAM_WEBHOOK_SECRET = env_str("HAVEN_TELEGRAM_WEBHOOK_SECRET")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "haven.lib.logging.RedactPersonalData"}},
    "formatters": {
        "plain": {
            "()": "haven.lib.logging.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
