"""The single-stage apps of corpus/apps build and pass their smoke test (issue 9).

Each directory of ``corpus/apps`` is a small but real application with a single-stage
Dockerfile (the "before" of the optimiser) and an ``app.yaml``::

    summary: what the app is, in one line
    language: go | c | python | node | java | rust | static
    images: [golang:1.19]       # the stand-in base images the build needs
    network: none | host        # the build's network (host reaches PyPI, npm, Debian)
    smoke: [/app/hello, --name, x]   # run with --entrypoint=smoke[0], network none
    expected:
      exit: 0
      stdout: |
        hello x

The test builds each with the real engine (``../shared/tools/docker-engine``, started by
``.ci/run``), runs the smoke command and compares exit code and stdout exactly. Without
an engine it skips, except under CI=true.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, require_engine

APPS = REPO / "corpus" / "apps"
_KEYS = {"summary", "language", "images", "network", "smoke", "expected"}


def _apps() -> list[Path]:
    return sorted(p for p in APPS.iterdir() if (p / "app.yaml").is_file()) if APPS.is_dir() else []


def read_app(path: Path) -> dict[str, Any]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((path / "app.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == _KEYS, f"{path.name}: app.yaml keys {sorted(data)}"
    assert data["network"] in ("none", "host")
    assert (
        isinstance(data["smoke"], list) and data["smoke"] and all(isinstance(a, str) for a in data["smoke"])
    )
    assert set(data["expected"]) == {"exit", "stdout"}
    return data


def _docker(*args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def engine() -> None:
    require_engine()


def test_there_are_the_apps_the_issue_asks_for() -> None:
    apps = [read_app(p) for p in _apps()]
    assert len(apps) >= 12
    assert {a["language"] for a in apps} >= {"go", "c", "python", "node", "java", "rust", "static"}


@dataclass
class Built:
    """What building an app and running its smoke command gave."""

    exit: int
    stdout: str
    size: int  #: the image's size on disk (docker image inspect .Size)
    config: dict[str, Any]  #: the image's Config (docker image inspect .Config)


def build_and_smoke(path: Path, dockerfile: str | None = None) -> Built:
    """Build ``path`` (its Dockerfile, or the text ``dockerfile``) and run its smoke
    command; the image is removed afterwards."""
    app = read_app(path)
    tag = f"dflint-app-{path.name}-{uuid.uuid4().hex[:8]}"
    text = dockerfile if dockerfile is not None else (path / "Dockerfile").read_text(encoding="utf-8")
    built = subprocess.run(
        ["docker", "build", f"--network={app['network']}", "-q", "-t", tag, "-f", "-", str(path)],
        input=text,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    try:
        inspected = json.loads(_docker("image", "inspect", tag).stdout)[0]
        smoke = app["smoke"]
        ran = _docker(
            "run", "--rm", "--network=none", f"--entrypoint={smoke[0]}", tag, *smoke[1:], timeout=300
        )
        return Built(ran.returncode, ran.stdout, inspected["Size"], inspected["Config"])
    finally:
        _docker("image", "rm", "-f", tag)


@pytest.mark.parametrize("path", _apps(), ids=lambda p: p.name)
def test_app_builds_and_passes_its_smoke_test(engine: None, path: Path) -> None:
    app = read_app(path)
    require_engine(*app["images"])
    built = build_and_smoke(path)
    assert (built.exit, built.stdout) == (app["expected"]["exit"], app["expected"]["stdout"])
