"""Shared test plumbing: where ../shared is, and hypothesis profiles.

Tests that need ../shared skip when it is absent, except under CI=true, where it is
always present and its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DFLINT_SHARED", REPO.parent / "shared"))
IN_CI = os.environ.get("CI") == "true"

settings.register_profile(
    "ci", max_examples=400, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile(
    "stress", max_examples=20000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile("ci" if IN_CI else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip (fail under CI) when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing; CI must run beside ../shared")
        pytest.skip(f"{path} is not available")
    return path


def shared_cases(*parts: str, pattern: str = "*") -> list[str]:
    """Names under a ../shared directory, for parametrize; one placeholder if absent."""
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        return ["<missing>"]
    return sorted(p.name for p in path.glob(pattern))
