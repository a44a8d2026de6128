"""The pre-commit hooks (.pre-commit-hooks.yaml), run by pre-commit itself on throwaway
repositories.

pre-commit clones a hook repository at a commit, so it sees only what is committed;
`pre-commit try-repo` adds tracked changes but not new files, and installs into a fresh
store on every call. So this checkout's working tree (tracked and untracked files, less
what .gitignore ignores) is committed once to a temporary repository, and every run
shares one PRE_COMMIT_HOME: one virtualenv and one pip install of dflint for the module
(its dependencies come from PyPI).

The tests need pre-commit (`pip install pre-commit`, in the test extra) and git; without
them they skip, except under CI=true, where they must run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI, REPO

if not IN_CI and (importlib.util.find_spec("pre_commit") is None or shutil.which("git") is None):
    pytest.skip("needs pre-commit (pip install pre-commit) and git", allow_module_level=True)

NEEDS_FIX = 'FROM alpine:3.20\nRUN apk add curl=8.9.1-r2\nUSER 1000\nCMD ["curl", "--version"]\n'
FIXED = NEEDS_FIX.replace("apk add", "apk add --no-cache")
CLEAN = 'FROM alpine:3.20\nRUN apk add --no-cache jq=1.7.1-r0\nUSER 1000\nCMD ["jq", "--version"]\n'

#: Dockerfiles with one finding (DF205) that a safe fix removes
TO_FIX = {"Dockerfile", "app.Dockerfile", "deploy/Containerfile"}
CLEAN_DOCKERFILE = "services/api/Dockerfile.dev"
#: not Dockerfiles: dflint would report each (and rewrite the first two) if it were passed
NOT_DOCKERFILES = {
    "README.md": NEEDS_FIX,
    "docs/Dockerfile-notes.md": NEEDS_FIX,
    ".dockerignore": ".git\n",
    "build.sh": "#!/bin/sh\ndocker build -f app.Dockerfile .\n",
}
FILES = {**dict.fromkeys(TO_FIX, NEEDS_FIX), CLEAN_DOCKERFILE: CLEAN, **NOT_DOCKERFILES}
FINDING = re.compile(r"^(\S+):\d+:\d+: (DF\d{3})\b", re.MULTILINE)


def _without_git_settings() -> dict[str, str]:
    """The environment less GIT_DIR and the like (set when run from a git hook), SKIP
    (which names hooks pre-commit skips) and FORCE_COLOR."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "PRE_COMMIT")) and k not in ("SKIP", "FORCE_COLOR")
    }


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _new_repo(path: Path, env: dict[str, str]) -> None:
    path.mkdir()
    _git(path, env, "init", "-q")
    _git(path, env, "config", "user.name", "dflint tests")
    _git(path, env, "config", "user.email", "tests@dflint.invalid")


def _commit_all(path: Path, env: dict[str, str]) -> str:
    _git(path, env, "add", "-A")
    _git(path, env, "commit", "-q", "-m", "files")
    return _git(path, env, "rev-parse", "HEAD").strip()


class Hooks:
    """This checkout as a hook repository at a commit, run with a shared PRE_COMMIT_HOME."""

    def __init__(self, base: Path) -> None:
        # no global or system git config in the temporary repositories (commit.gpgsign, hooks)
        self.env = {
            **_without_git_settings(),
            "PRE_COMMIT_HOME": str(base / "pre-commit-home"),
            "NO_COLOR": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        listed = _git(
            REPO, _without_git_settings(), "ls-files", "-z", "--cached", "--others", "--exclude-standard"
        )
        self.hook_repo = base / "dflint"
        _new_repo(self.hook_repo, self.env)
        for name in filter(None, listed.split("\0")):
            source = REPO / name
            if source.is_file() or source.is_symlink():  # a deleted file is still listed as cached
                (self.hook_repo / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, self.hook_repo / name, follow_symlinks=False)
        self.rev = _commit_all(self.hook_repo, self.env)

    def user_repo(self, path: Path) -> Path:
        config = (
            "repos:\n"
            f"  - repo: {json.dumps(str(self.hook_repo))}\n"
            f"    rev: {self.rev}\n"
            "    hooks:\n"
            "      - id: dflint\n"
            "      - id: dflint-fix\n"
        )
        _new_repo(path, self.env)
        for name, text in {**FILES, ".pre-commit-config.yaml": config}.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_text(text, encoding="utf-8")
        _commit_all(path, self.env)
        return path

    def run(self, repo: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
            cwd=repo,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Hooks:
    """Installed once for the module: a virtualenv with dflint pip-installed in it."""
    hooks = Hooks(tmp_path_factory.mktemp("precommit"))
    repo = hooks.user_repo(tmp_path_factory.mktemp("install") / "repo")
    done = hooks.run(repo, "install-hooks", timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return hooks


def _contents(repo: Path) -> dict[str, str]:
    return {name: (repo / name).read_text(encoding="utf-8") for name in FILES}


def _status(hook_name: str, output: str) -> str | None:
    """What pre-commit says of a hook: Passed, Failed, or (no files to check)Skipped."""
    found = re.search(rf"^{re.escape(hook_name)}\.+(.*)$", output, re.MULTILINE)
    return found.group(1) if found else None


def test_lint_hook_fails_on_findings_and_is_given_only_dockerfiles(hooks: Hooks, tmp_path: Path) -> None:
    repo = hooks.user_repo(tmp_path / "repo")
    done = hooks.run(repo, "run", "dflint", "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert _status("dflint", output) == "Failed", output
    assert "- exit code: 1" in output
    assert sorted(FINDING.findall(output)) == sorted((name, "DF205") for name in TO_FIX), output
    for name in NOT_DOCKERFILES:  # dflint names a file it cannot parse too
        assert name not in output, output
    assert _contents(repo) == FILES


def test_lint_hook_passes_on_a_clean_dockerfile(hooks: Hooks, tmp_path: Path) -> None:
    repo = hooks.user_repo(tmp_path / "repo")
    # the other files named are dropped by pre-commit: dflint would fail on them
    done = hooks.run(repo, "run", "dflint", "--files", CLEAN_DOCKERFILE, *NOT_DOCKERFILES)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    # not "(no files to check)Skipped": the clean Dockerfile was linted
    assert _status("dflint", output) == "Passed", output


def test_fix_hook_rewrites_the_dockerfiles_and_fails_as_files_changed(hooks: Hooks, tmp_path: Path) -> None:
    repo = hooks.user_repo(tmp_path / "repo")
    done = hooks.run(repo, "run", "dflint-fix", "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert _status("dflint (fix)", output) == "Failed", output
    assert "- files were modified by this hook" in output
    # dflint fixed every finding and exited 0: the failure is pre-commit's, for the change
    assert "- exit code:" not in output
    assert FINDING.findall(output) == []
    assert _contents(repo) == {**FILES, **dict.fromkeys(TO_FIX, FIXED)}

    again = hooks.run(repo, "run", "dflint-fix", "--all-files")
    assert again.returncode == 0, again.stdout + again.stderr
    assert _status("dflint (fix)", again.stdout) == "Passed", again.stdout
    lint = hooks.run(repo, "run", "dflint", "--all-files")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert _status("dflint", lint.stdout) == "Passed", lint.stdout
