#!/usr/bin/env python3
"""Deploy the staging stack and wait until it answers."""
import subprocess
import sys
import time
import urllib.request

API = "https://api.staging.example.com"
APP = "https://app.staging.example.com"
# trap: a host after URL userinfo IS a host reference (unlike an e-mail address)
ADMIN_URL = "https://user:pw@api.staging.example.com/"
# kept: preview deployments (internal DNS), never findings
PREVIEW_URL = "https://pr-123.staging.example.com"
# kept: a templated preview host is a whole host, pr-*-api under pr-*, never
# the exact deprecated host at its tail
PR_NUMBER = sys.argv[1] if len(sys.argv) > 1 else "0"
PR_API_URL = f"https://pr-{PR_NUMBER}-api.staging.example.com"
# trap: a placeholder starting the label, flattened with the placeholder as written
PR_WEB_URL = f"https://{PR_NUMBER}-web.staging.example.com"


def terraform_apply() -> None:
    subprocess.run(
        ["terraform", "-chdir=infra/terraform", "apply", "-auto-approve", "-var-file=staging.tfvars"],
        check=True,
    )


def wait_healthy(url: str, attempts: int = 30) -> None:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(2)
    sys.exit(f"{url} did not become healthy")


def main() -> None:
    terraform_apply()
    wait_healthy(API)
    print(f"staging is up: {APP} (admin: {ADMIN_URL}, previews: {PREVIEW_URL})")


if __name__ == "__main__":
    main()
