#!/usr/bin/env python3
"""Check that every canonical endpoint answers over TLS, and that the
retired names are really gone. Run before and after a release."""
import socket
import ssl
import sys
import urllib.parse
import urllib.request

ENDPOINTS = {
    "staging": {
        "frontend": "https://staging.example.com",
        "backend": "https://api-staging.example.com",
        "websocket": "wss://api-staging.example.com/ws",
    },
    "production": {
        "frontend": "https://www.example.com",
        "backend": "https://api.example.com",
        "websocket": "wss://api.example.com/ws",
    },
}

# trap: suppression of the next line; the retired name is probed on purpose
# domainshift:allow-next-line rule=deprecated-host
RETIRED = ["https://api.staging.example.com/healthz"]

# fine: the local health sidecar, an IPv6 literal
LOCAL_HEALTH = "http://[::1]:8080/"


def check_tls(host: str) -> None:
    ctx = ssl.create_default_context()
    with socket.create_connection((host, 443), timeout=5) as sock:
        with ctx.wrap_socket(sock, server_hostname=host):
            pass


def main() -> int:
    failed = 0
    for env, roles in ENDPOINTS.items():
        for role, url in roles.items():
            try:
                check_tls(urllib.parse.urlsplit(url).hostname)
                print(f"ok   {env}/{role} {url}")
            except OSError as e:
                failed += 1
                print(f"FAIL {env}/{role} {url}: {e}")
    for url in RETIRED:
        try:
            urllib.request.urlopen(url, timeout=5)
        except OSError:
            continue
        failed += 1
        print(f"FAIL retired name still answers: {url}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
