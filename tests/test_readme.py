"""The README's shell snippets marked ``<!-- runnable -->`` run and succeed (issue 11).

Each marked block runs with ``bash -euo pipefail`` from a copy of the repository's
``corpus/`` (so that nothing in the checkout is written), with this Python's ``dflint``
first on PATH. Blocks marked ``<!-- runnable: engine -->`` need a Docker engine with the
stand-in base images: they skip without one, except under CI=true.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, require_engine

_BLOCK = re.compile(r"<!-- runnable(?P<engine>: engine)? -->\n```sh\n(?P<code>.*?)```", re.DOTALL)


def snippets() -> list[tuple[str, bool]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [(m.group("code"), bool(m.group("engine"))) for m in _BLOCK.finditer(text)]


def test_the_readme_has_runnable_snippets() -> None:
    found = snippets()
    assert len(found) >= 4
    commands = " ".join(code for code, _ in found)
    for command in ("dflint --diff", "--fix", "dflint optimize", "dflint verify"):
        assert command in commands


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(REPO / "corpus", root / "corpus")
    return root


@pytest.mark.parametrize(
    ("code", "engine"), snippets(), ids=lambda v: v.splitlines()[0][:40] if isinstance(v, str) else ""
)
def test_snippet_runs_and_succeeds(code: str, engine: bool, workspace: Path) -> None:
    if engine:
        require_engine("busybox:latest")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    ran = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", code],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert ran.returncode == 0, f"{code}\n--- stdout\n{ran.stdout[-3000:]}\n--- stderr\n{ran.stderr[-3000:]}"


def _yaml_blocks() -> list[object]:
    from ruamel.yaml import YAML

    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [YAML(typ="safe").load(m.group(1)) for m in re.finditer(r"```yaml\n(.*?)```", text, re.DOTALL)]


def test_the_pre_commit_and_action_snippets_name_what_exists() -> None:
    """The README's YAML snippets use hook ids of .pre-commit-hooks.yaml and inputs of
    action.yml (they cannot run here: they configure other tools)."""
    from ruamel.yaml import YAML

    hooks = {h["id"] for h in YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text())}
    inputs = set(YAML(typ="safe").load((REPO / "action.yml").read_text())["inputs"])
    blocks = _yaml_blocks()
    used_hooks = {
        hook["id"]
        for block in blocks
        if isinstance(block, dict)
        for repo in block.get("repos", [])
        for hook in repo["hooks"]
    }
    used_inputs = {
        key
        for block in blocks
        if isinstance(block, dict)
        for job in (block.get("jobs") or {}).values()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith("dflint/dflint@")
        for key in step.get("with", {})
    }
    assert used_hooks and used_hooks <= hooks
    assert used_inputs and used_inputs <= inputs
