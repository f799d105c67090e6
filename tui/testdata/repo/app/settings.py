import os

DEBUG = os.environ.get("DEBUG") == "1"

# The public API the frontend talks to.
API_BASE = "https://api.staging.example.com/v1"
TIMEOUT = 30
RETRIES = 3
