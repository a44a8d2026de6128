"""Shared test plumbing: where ../shared is, and hypothesis profiles.

Tests that need ../shared skip when it is absent, except under CI=true, where it is
always present and its absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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


def _docker_ok(*args: str, timeout: int) -> bool:
    try:
        return subprocess.run(["docker", *args], capture_output=True, timeout=timeout).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def require_engine(*images: str) -> None:
    """Skip (fail under CI) unless a Docker engine answers and has ``images`` (the
    offline stand-ins ``../shared/tools/docker-engine/base-images`` builds)."""
    why = None
    if shutil.which("docker") is None:
        why = "no docker CLI on PATH"
    elif not _docker_ok("info", timeout=20):
        why = f"no engine reachable at {os.environ.get('DOCKER_HOST', 'the default socket')}"
    if why is not None:
        if IN_CI:
            pytest.fail(f"{why}: CI must run ../shared/tools/docker-engine/start first")
        pytest.skip(why)
    for image in images:
        if not _docker_ok("image", "inspect", image, timeout=60):
            message = f"{image} is missing: run ../shared/tools/docker-engine/base-images {image}"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)
