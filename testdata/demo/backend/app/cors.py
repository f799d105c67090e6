"""Origin checks for CORS and the WebSocket handshake."""
import re

from app import settings


def origin_allowed(origin: str) -> bool:
    if origin in settings.CORS_ALLOWED_ORIGINS:
        return True
    return any(re.match(p, origin) for p in settings.CORS_ALLOWED_ORIGIN_REGEXES)
