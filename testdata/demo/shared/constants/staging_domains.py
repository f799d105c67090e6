"""Staging domain names: the single source of truth for Python code.

Keep in step with rules.toml.
"""

FRONTEND_URL = "https://staging.example.com"
BACKEND_URL = "https://api-staging.example.com"
WEBSOCKET_URL = "wss://api-staging.example.com/ws"

# Deprecated names, listed on purpose so that validators can reject them.
# rules.toml exempts this file with an [[allow]] entry (rule deprecated-host),
# so none of these is a finding.
DEPRECATED_HOSTS = {
    "api.staging.example.com": "api-staging.example.com",
    "app.staging.example.com": "staging.example.com",
    "auth.staging.example.com": "auth-staging.example.com",
}

# Internal names that keep their two-level form (not behind the public certificate).
INTERNAL_HOSTS = ("postgres.staging.example.com",)
