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

from pathlib import Path

import pytest

from dflint.model.context import BuildContext
from dflint.optimize import Rewrite, optimise
from dflint.syntax import cst
from dflint.syntax.parser import parse
from tests.conftest import require_engine
from tests.test_apps import _apps, build_and_smoke, read_app

_SAME = (
    "Entrypoint",
    "Cmd",
    "WorkingDir",
    "User",
    "ExposedPorts",
    "Volumes",
    "Healthcheck",
    "StopSignal",
    "Labels",
)


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


@pytest.mark.parametrize("path", _apps(), ids=lambda p: p.name)
def test_rewrite_builds_behaves_the_same_and_is_smaller(path: Path) -> None:
    app = read_app(path)
    rewrite = rewrite_of(path)
    require_engine(*app["images"], *([rewrite.runtime] if rewrite.runtime != "scratch" else []))
    before = build_and_smoke(path)
    after = build_and_smoke(path, rewrite.text)
    expected = (app["expected"]["exit"], app["expected"]["stdout"])
    assert (before.exit, before.stdout) == expected
    assert (after.exit, after.stdout) == expected
    assert_equivalent(
        before.config, after.config, (path / "Dockerfile").read_text(encoding="utf-8"), rewrite.recipe
    )
    assert after.size < before.size
