"""CORS accepts the canonical origins and nothing that merely looks like one."""
import pytest

from app.cors import origin_allowed

ACCEPTED = ["https://staging.example.com", "https://api-staging.example.com"]

# Look-alikes that must be rejected. None of them is a deprecated host, so
# none is a finding:
REJECTED = [
    "https://api.staging.example.com.evil.test",  # trap: continues with ".label"
    "https://api.staging.example.com-old",  # trap: continues with "-"
    "https://api.staging.example.comx",  # trap: continues with a letter
]


@pytest.mark.parametrize("origin", ACCEPTED)
def test_canonical_origins_are_accepted(origin):
    assert origin_allowed(origin)


@pytest.mark.parametrize("origin", REJECTED)
def test_lookalikes_are_rejected(origin):
    assert not origin_allowed(origin)


def test_old_two_level_origin_is_rejected():
    # trap: inline suppression; the test names the old origin on purpose
    assert not origin_allowed("https://app.staging.example.com")  # domainshift:allow rule=deprecated-host
