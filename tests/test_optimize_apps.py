"""The optimiser's rewrite of every app of corpus/apps builds and behaves like the
original, with a smaller image (issue 9), built for real with the engine of
``../shared/tools/docker-engine`` (started by ``.ci/run``).

For each app: the rewrite exists (the gate lets it through); both images build; the
smoke command gives the same exit code and stdout on both (the app's expected output);
the image config is equivalent; the rewritten image is smaller on disk.

"Equivalent config" means: Entrypoint, Cmd, WorkingDir, User, ExposedPorts, Volumes,
Healthcheck, StopSignal and Labels are equal; every variable the Dockerfile sets with ENV
has the same value; the base image's own variables are the runtime image's (GOPATH goes
with the Go toolchain), and PATH keeps the standard directories (and, for Python, starts
with the virtualenv's bin directory).
"""

from __future__ import annotations

import functools
import statistics
from pathlib import Path

import pytest

from dflint.model.context import BuildContext
from dflint.optimize import Rewrite, optimise
from dflint.syntax import cst
from dflint.syntax.parser import parse
from dflint.verify.result import CONFIG_KEYS
from tests.conftest import require_engine
from tests.test_apps import Built, _apps, build_and_smoke, read_app

#: compared as they are; Env is compared by the variables the Dockerfile sets (below)
_SAME = tuple(key for key in CONFIG_KEYS if key != "Env")


def rewrite_of(path: Path) -> Rewrite:
    text = (path / "Dockerfile").read_text(encoding="utf-8")
    found = optimise(text, context=BuildContext(path.resolve(), None))
    assert isinstance(found, Rewrite), f"{path.name}: {found}"
    return found


def _env(config: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return dict(e.split("=", 1) for e in config.get("Env") or [])


def _set_by_file(text: str) -> set[str]:
    return {p.key.value for i in parse(text).instructions if isinstance(i, cst.Env) for p in i.pairs}


def assert_equivalent(before: dict, after: dict, text: str, recipe: str) -> None:  # type: ignore[type-arg]
    for key in _SAME:
        assert (before.get(key) or None) == (after.get(key) or None), key
    env_before, env_after = _env(before), _env(after)
    for name in _set_by_file(text):
        assert env_after.get(name) == env_before.get(name), name
    path = env_after.get("PATH", "").split(":")
    assert {"/usr/local/bin", "/usr/bin", "/bin"} <= set(path), path
    if recipe == "python":
        assert path[0] == "/opt/venv/bin", path


@functools.cache
def measured(path: Path) -> tuple[Rewrite, Built, Built]:
    """The rewrite of an app, and the original and rewritten images built and smoke-run
    (once per session: the median test reuses what the per-app tests built)."""
    app = read_app(path)
    rewrite = rewrite_of(path)
    require_engine(*app["images"], *([rewrite.runtime] if rewrite.runtime != "scratch" else []))
    return rewrite, build_and_smoke(path), build_and_smoke(path, rewrite.text)


@pytest.mark.parametrize("path", _apps(), ids=lambda p: p.name)
def test_rewrite_builds_behaves_the_same_and_is_smaller(path: Path) -> None:
    app = read_app(path)
    rewrite, before, after = measured(path)
    expected = (app["expected"]["exit"], app["expected"]["stdout"])
    assert (before.exit, before.stdout) == expected
    assert (after.exit, after.stdout) == expected
    text = (path / "Dockerfile").read_text(encoding="utf-8")
    assert_equivalent(before.config, after.config, text, rewrite.recipe)
    assert after.size < before.size


def test_median_saving_is_at_least_60_percent() -> None:
    savings = [1 - after.size / before.size for _, before, after in map(measured, _apps())]
    assert len(savings) >= 12
    assert statistics.median(savings) >= 0.60, sorted(savings)
