"""Fixes proved by building: each corpus/build fixture is built before and after
``--fix --unsafe-fixes`` with a real engine, and the fixed image must do what the fix
promises.

Needs the engine from ../shared/tools/docker-engine (``.ci/run`` starts it and builds
the stand-in base images); without one the tests skip, except under CI=true.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from tests.conftest import IN_CI, REPO

FIXTURES = REPO / "corpus" / "build"
#: the stand-in base images the fixtures build on (.ci/run builds them)
IMAGES = ("busybox:latest", "debian:bookworm-slim", "python:3.11", "python:3.11-slim")


def _docker(*args: str, check: bool = True, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, check=check)


@pytest.fixture(scope="module")
def engine() -> None:
    why = None
    if shutil.which("docker") is None:
        why = "no docker CLI on PATH"
    else:
        try:
            if _docker("info", check=False, timeout=20).returncode != 0:
                why = f"no engine reachable at {os.environ.get('DOCKER_HOST', 'the default socket')}"
        except subprocess.TimeoutExpired:
            why = "docker info timed out"
    if why is not None:
        if IN_CI:
            pytest.fail(f"{why}: CI must run ../shared/tools/docker-engine/start first")
        pytest.skip(why)
    for image in IMAGES:
        if _docker("image", "inspect", image, check=False).returncode != 0:
            message = f"{image} is missing: run ../shared/tools/docker-engine/base-images"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)


class Built:
    def __init__(self) -> None:
        self.tags: list[str] = []

    def build(self, context: Path, dockerfile: str, network: str = "none", *build_args: str) -> str:
        tag = f"dflint-test-{uuid.uuid4().hex[:12]}"
        args = [f"--build-arg={a}" for a in build_args]
        result = subprocess.run(
            ["docker", "build", f"--network={network}", *args, "-q", "-t", tag, "-f", "-", str(context)],
            input=dockerfile,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        self.tags.append(tag)
        return tag

    def run(self, tag: str) -> subprocess.CompletedProcess[str]:
        return _docker("run", "--rm", "--network=none", tag, check=False, timeout=120)

    def size(self, tag: str) -> int:
        return int(_docker("image", "inspect", "-f", "{{.Size}}", tag).stdout.strip())

    def clean(self) -> None:
        if self.tags:
            _docker("image", "rm", "-f", *self.tags, check=False)


@pytest.fixture
def built(engine: None):  # type: ignore[no-untyped-def]
    b = Built()
    yield b
    b.clean()


def _fixed(name: str) -> tuple[str, str, set[str]]:
    rules = builtin_rules()
    text = (FIXTURES / name / "Dockerfile").read_text(encoding="utf-8")
    outcome = fix_text(
        text, "Dockerfile", Settings(rules=rules, enabled=frozenset(rules)), Applicability.UNSAFE
    )
    assert not outcome.errors
    return text, outcome.text, set(outcome.fixed)


def test_slim_base_builds_runs_the_same_and_is_smaller(built: Built) -> None:
    before, after, fixed = _fixed("df103-python")
    assert "DF103" in fixed and "FROM python:3.11-slim\n" in after
    context = FIXTURES / "df103-python"
    old, new = built.build(context, before), built.build(context, after)
    ran_old, ran_new = built.run(old), built.run(new)
    assert ran_old.returncode == 0 and ran_new.returncode == 0, ran_new.stderr
    assert ran_new.stdout == ran_old.stdout
    assert built.size(new) < built.size(old)


def test_single_quoted_exec_form_becomes_a_command_that_runs(built: Built) -> None:
    before, after, fixed = _fixed("cmd-json")
    assert {"DF302", "DF303"} <= fixed and after.endswith('CMD ["sleep", "1"]\n')
    context = FIXTURES / "cmd-json"
    broken = built.run(built.build(context, before))
    assert broken.returncode != 0  # sh: ['sleep: not found
    assert built.run(built.build(context, after)).returncode == 0


def test_one_string_exec_form_is_split_into_a_command_that_runs(built: Built) -> None:
    before, after, fixed = _fixed("cmd-one-string")
    assert "DF303" in fixed and after.endswith('ENTRYPOINT ["echo", "Conteneur démarré"]\n')
    context = FIXTURES / "cmd-one-string"
    broken = built.run(built.build(context, before))
    assert broken.returncode != 0 and "executable file not found in $PATH" in broken.stderr  # as DF303 says
    ran = built.run(built.build(context, after))
    assert ran.returncode == 0 and ran.stdout == "Conteneur démarré\n"


def test_shell_form_cmd_becomes_exec_form_with_no_shell_in_between(built: Built) -> None:
    before, after, fixed = _fixed("cmd-shell-form")
    assert "DF301" in fixed and after.endswith('CMD ["sleep", "1"]\n')
    context = FIXTURES / "cmd-shell-form"
    old, new = built.build(context, before), built.build(context, after)
    config = "{{json .Config.Cmd}}"
    assert _docker("image", "inspect", "-f", config, old).stdout.strip() == '["/bin/sh","-c","sleep 1"]'
    assert _docker("image", "inspect", "-f", config, new).stdout.strip() == '["sleep","1"]'  # PID 1 is sleep
    assert built.run(new).returncode == 0


@pytest.fixture(scope="module")
def data_url() -> Iterator[str]:
    """A 2 MB gzipped tar of random bytes (it does not compress) served over HTTP on the
    loopback interface, which builds with ``--network=host`` reach: a download that needs
    no internet."""
    with tempfile.TemporaryDirectory() as tmp:
        blob = Path(tmp, "blob.bin")
        blob.write_bytes(os.urandom(2_000_000))
        with tarfile.open(Path(tmp, "data.tar.gz"), "w:gz") as tar:
            tar.add(blob, arcname="blob.bin")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp)
        with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            yield f"http://127.0.0.1:{server.server_address[1]}/data.tar.gz"
            server.shutdown()


#: fixture -> (rules whose fixes it exercises, build network, whether it downloads from
#: `data_url`). "host" reaches Debian's archive and PyPI as the machine does, and the
#: loopback server (the engine has no bridge network).
SIZE_FIXES = {
    "df201-apt": ({"DF201"}, "host", False),
    "df202-apt-set-eux": ({"DF201", "DF202"}, "host", False),
    "df207-pip": ({"DF207"}, "host", False),
    "df220-download": ({"DF220"}, "host", True),
    "df221-archive": ({"DF221"}, "host", True),
    "df222-chmod": ({"DF222"}, "none", False),
}


@pytest.mark.parametrize("name", sorted(SIZE_FIXES))
def test_size_fix_builds_runs_the_same_and_is_strictly_smaller(
    built: Built, request: pytest.FixtureRequest, name: str
) -> None:
    rules, network, downloads = SIZE_FIXES[name]
    before, after, fixed = _fixed(name)
    assert rules <= fixed, fixed
    context = FIXTURES / name
    args = [f"DATA_URL={request.getfixturevalue('data_url')}"] if downloads else []
    old, new = built.build(context, before, network, *args), built.build(context, after, network, *args)
    ran_old, ran_new = built.run(old), built.run(new)
    assert ran_old.returncode == 0 and ran_new.returncode == 0, ran_new.stderr
    assert ran_new.stdout == ran_old.stdout
    assert built.size(new) < built.size(old), (built.size(new), built.size(old))
