"""Backend settings (Django style)."""
import os

DEBUG = os.environ.get("DEBUG") == "1"

ALLOWED_HOSTS = [
    "api-staging.example.com",
    "api.example.com",
    # trap: mixed case is the same host; the replacement is written in lower case
    "API.Staging.Example.COM",
    "localhost",
]

CORS_ALLOWED_ORIGINS = [
    "https://staging.example.com",
    "https://www.example.com",
    "http://localhost:3000",  # fine: local development
]

# trap: regex-escaped host in a raw string; the replacement stays escaped
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://api\.staging\.example\.com$"]

# report-only warning (legacy rule): no replacement decided yet
MEDIA_URL = "https://files.legacy.example.com/media/"

# trap: e-mail addresses are not host references, not even under a
# deprecated name: no findings on the next two lines
DEFAULT_FROM_EMAIL = "noreply@auth.staging.example.com"
SERVER_EMAIL = "oncall@staging.example.com"

# trap: a CORS pattern over the old two-level names. After the migration it
# matches none of the new hosts, and no single name replaces it: reported,
# not rewritten.
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\.staging\.example\.com$"]
