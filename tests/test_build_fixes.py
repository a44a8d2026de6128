"""Fixes proved by building: each corpus/build fixture is built before and after
``--fix --unsafe-fixes`` (or ``--fix``, safe fixes only) with a real engine, and the
fixed image must do what the fix promises.

Needs the engine from ../shared/tools/docker-engine (``.ci/run`` starts it and builds
the stand-in base images); without one the tests skip, except under CI=true.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import tarfile
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.verify.result import CONFIG_KEYS
from tests.conftest import REPO, require_engine

FIXTURES = REPO / "corpus" / "build"
#: the stand-in base images the fixtures build on (.ci/run builds them)
IMAGES = ("busybox:latest", "debian:bookworm-slim", "python:3.11", "python:3.11-slim")


def _docker(*args: str, check: bool = True, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, check=check)


@pytest.fixture(scope="module")
def engine() -> None:
    require_engine(*IMAGES)


class Built:
    def __init__(self) -> None:
        self.tags: list[str] = []
        self.logs: dict[str, str] = {}  #: tag -> the build's plain progress output

    def _build(
        self, context: Path, dockerfile: str, network: str, build_args: tuple[str, ...], no_cache: bool
    ) -> tuple[str, subprocess.CompletedProcess[str]]:
        tag = f"dflint-test-{uuid.uuid4().hex[:12]}"
        args = [f"--build-arg={a}" for a in build_args] + (["--no-cache"] if no_cache else [])
        command = ["docker", "build", f"--network={network}", *args, "--progress=plain", "-t", tag]
        result = subprocess.run(
            [*command, "-f", "-", str(context)],
            input=dockerfile,
            capture_output=True,
            text=True,
            timeout=600,
        )
        return tag, result

    def build(
        self, context: Path, dockerfile: str, network: str = "none", *build_args: str, no_cache: bool = False
    ) -> str:
        tag, result = self._build(context, dockerfile, network, build_args, no_cache)
        assert result.returncode == 0, result.stderr[-4000:]
        self.tags.append(tag)
        self.logs[tag] = result.stderr
        return tag

    def build_fails(
        self, context: Path, dockerfile: str, network: str = "none", *build_args: str, no_cache: bool = False
    ) -> str:
        """The log of a build that must fail."""
        tag, result = self._build(context, dockerfile, network, build_args, no_cache)
        if result.returncode == 0:
            self.tags.append(tag)
        assert result.returncode != 0, f"the build was expected to fail:\n{result.stderr[-4000:]}"
        return result.stderr

    def run(self, tag: str) -> subprocess.CompletedProcess[str]:
        return _docker("run", "--rm", "--network=none", tag, check=False, timeout=120)

    def size(self, tag: str) -> int:
        return int(_docker("image", "inspect", "-f", "{{.Size}}", tag).stdout.strip())

    def file_size(self, tag: str, path: str) -> int:
        return int(
            _docker("run", "--rm", "--network=none", "--entrypoint=stat", tag, "-c", "%s", path).stdout
        )

    def config(self, tag: str) -> dict[str, object]:
        config = json.loads(_docker("image", "inspect", tag).stdout)[0]["Config"]
        return {key: config.get(key) for key in CONFIG_KEYS}  # what dflint verify compares

    def clean(self) -> None:
        if self.tags:
            _docker("image", "rm", "-f", *self.tags, check=False)


@pytest.fixture
def built(engine: None):  # type: ignore[no-untyped-def]
    b = Built()
    yield b
    b.clean()


def _settings() -> Settings:
    rules = builtin_rules()
    return Settings(rules=rules, enabled=frozenset(rules))


def _fixed(name: str, applicability: Applicability = Applicability.UNSAFE) -> tuple[str, str, set[str]]:
    """The fixture's Dockerfile, the text ``fix_text`` makes of it with every builtin rule
    enabled and the fixes at least as safe as ``applicability``, and the rules it fixed."""
    text = (FIXTURES / name / "Dockerfile").read_text(encoding="utf-8")
    outcome = fix_text(text, "Dockerfile", _settings(), applicability)
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


#: a line of wget's dot progress in a plain build log: `#7 0.52     50K .......... ...`
WGET_DOTS = re.compile(r"^#\d+ [\d.]+ +\d+[KMG] [ .]*\.", re.MULTILINE)


def _wget_dots_go(before: str, after: str) -> None:
    """DF424's purpose: the 2 MB download no longer draws a line of dots per 50 KB."""
    old, new = len(WGET_DOTS.findall(before)), len(WGET_DOTS.findall(after))
    assert old >= 30 and new <= 1, (old, new)


@dataclass(frozen=True)
class SafeFix:
    rules: frozenset[str]  #: exactly the rules whose fixes change the fixture
    network: str = "none"  #: as in SIZE_FIXES
    downloads: bool = False  #: passes DATA_URL (the `data_url` server) as a build arg
    broken: str | None = None  #: the original cannot build, and its log says this
    smaller: bool = False  #: the fix saves bytes here: strictly smaller
    build_logs: Callable[[str, str], None] | None = None  #: checks the two build logs
    #: files in which the build records its own command lines (apt's history log): the
    #: fixed image may be larger by what these grew, as the command they record changed
    records: tuple[str, ...] = ()


#: fixture -> what its SAFE fixes (`dflint --fix`) must keep or change. Every fixture is
#: also built, run and inspected by test_safe_fix_builds_runs_the_same_and_is_no_larger.
SAFE_FIXES = {
    # the install RUN deletes the package lists, which the separate update RUN left in its layer
    "df203-apt-update": SafeFix(frozenset({"DF203"}), "host", smaller=True),
    "df204-apt-cli": SafeFix(frozenset({"DF204"}), "host", records=("/var/log/apt/history.log",)),
    "df212-apt-get-yes": SafeFix(
        frozenset({"DF212"}), "host", broken="Do you want to continue? [Y/n] Abort."
    ),
    "df232-add-local": SafeFix(frozenset({"DF232"})),
    "df423-useradd": SafeFix(frozenset({"DF423"})),
    "df424-wget": SafeFix(frozenset({"DF424"}), "host", downloads=True, build_logs=_wget_dots_go),
    "df603-expose": SafeFix(frozenset({"DF603", "DF604"})),
    "df605-copy-dest": SafeFix(frozenset({"DF605"})),
    "df620-casing": SafeFix(frozenset({"DF620", "DF106"})),
    "df621-legacy-env": SafeFix(frozenset({"DF621"})),
    "df624-continuation": SafeFix(frozenset({"DF624"})),
}


@pytest.mark.parametrize("name", sorted(SAFE_FIXES))
def test_safe_fix_builds_runs_the_same_and_is_no_larger(
    built: Built, request: pytest.FixtureRequest, name: str
) -> None:
    case = SAFE_FIXES[name]
    before, after, fixed = _fixed(name, Applicability.SAFE)
    assert fixed == case.rules, fixed
    left = {d.rule for d in lint_text(after, "Dockerfile", _settings()).diagnostics}
    assert not left & case.rules, left
    context = FIXTURES / name
    args = [f"DATA_URL={request.getfixturevalue('data_url')}"] if case.downloads else []
    # --no-cache: both built now, from the same package index, and every RUN really runs
    new = built.build(context, after, case.network, *args, no_cache=True)
    ran_new = built.run(new)
    if case.broken is not None:
        log = built.build_fails(context, before, case.network, *args, no_cache=True)
        assert case.broken in log, log[-4000:]
        assert ran_new.returncode == 0 and ran_new.stdout, ran_new.stderr
        return
    old = built.build(context, before, case.network, *args, no_cache=True)
    ran_old = built.run(old)
    assert (ran_new.returncode, ran_new.stdout) == (ran_old.returncode, ran_old.stdout), ran_new.stderr
    assert ran_old.stdout, "the command prints what the image holds"
    assert built.config(new) == built.config(old)
    recorded = sum(built.file_size(new, path) - built.file_size(old, path) for path in case.records)
    old_size, new_size = built.size(old), built.size(new) - recorded
    assert new_size < old_size if case.smaller else new_size <= old_size, (new_size, old_size, recorded)
    if case.build_logs is not None:
        case.build_logs(built.logs[old], built.logs[new])


def test_copy_of_several_sources_to_a_new_path_keeps_every_source(built: Built) -> None:
    """DF605 where the fix must change the image: BuildKit builds the original, but makes
    each destination a file and copies every source over the one before; the fixed COPY
    makes directories that hold all the sources."""
    # unsafe: the destinations are not known to be directories
    before, after, fixed = _fixed("df605-copy-new-dir", Applicability.UNSAFE)
    assert _fixed("df605-copy-new-dir", Applicability.SAFE)[1] == before
    assert fixed == {"DF605"} and 'COPY ["c.conf", "d.conf", "$CONF_DIR/"]' in after
    context = FIXTURES / "df605-copy-new-dir"
    old, new = built.build(context, before), built.build(context, after)
    ran_old = built.run(old)
    assert ran_old.returncode != 0 and "Not a directory" in ran_old.stderr
    for path, last in (("/opt/app", "bravo\n"), ("/etc/app", "delta=4\n")):
        kept = _docker("run", "--rm", "--network=none", old, "cat", path)
        assert kept.stdout == last  # one file, the last source's content
    ran_new = built.run(new)
    assert ran_new.returncode == 0, ran_new.stderr
    assert ran_new.stdout == "alpha\nbravo\ncharlie=3\ndelta=4\n"
    assert built.config(new) == built.config(old)


def test_apt_install_to_apt_get_is_unsafe_because_apt_get_keeps_the_packages(built: Built) -> None:
    """Why DF204's fix of `apt install` is unsafe: on a base without the official images'
    `docker-clean` apt configuration (this stand-in has none), `apt` deletes the .deb
    files it downloaded and `apt-get` keeps them, so the fixed image is larger. The
    safe `--fix` leaves the install alone."""
    before, after, fixed = _fixed("df204-apt-install", Applicability.UNSAFE)
    assert fixed == {"DF204"} and "apt-get install -y" in after
    assert _fixed("df204-apt-install", Applicability.SAFE)[1] == before
    context = FIXTURES / "df204-apt-install"
    old = built.build(context, before, "host", no_cache=True)
    new = built.build(context, after, "host", no_cache=True)
    assert built.run(new).stdout == built.run(old).stdout != ""
    archives = "ls /var/cache/apt/archives/ | grep -c '[.]deb$' || true"
    kept = [_docker("run", "--rm", "--network=none", tag, "sh", "-c", archives).stdout for tag in (old, new)]
    assert kept[0].strip() == "0" and int(kept[1]) >= 1
    assert built.size(new) > built.size(old)
