"""End to end: the lint command line run for real, in a subprocess.

Each test builds a small tree under ``tmp_path`` and runs ``python -m dflint`` there,
with NO_COLOR and FORCE_COLOR unset (unless a test sets them) and a private cache
directory shared by the session. Subprocesses are few and quick: one run usually checks
several things.
"""

# ruff: noqa: RUF001 - --show-fixes writes a multiplication sign, as ruff does
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dflint.aliases import BUILDKIT_CHECKS, HADOLINT_CODES, HADOLINT_REMOVED
from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from tests.conftest import REPO

TIMEOUT = 60
RULES = builtin_rules()


def unaliased(codes: Iterable[str]) -> list[str]:
    """The ones of these foreign codes that no built-in rule lists as an alias, sorted.

    Rules that answer to hadolint's codes and BuildKit's checks keep landing, so the tests
    of what dflint does with a code that *no rule has yet* take theirs from here rather
    than naming one that may have become an alias since."""
    taken = {alias.upper() for info in RULES.values() for alias in info.aliases}
    return sorted(code for code in codes if code.upper() not in taken)


#: A hadolint code that no dflint rule answers to (a removed hadolint rule's, at least;
#: if ever none is left, the tests that use it fail on this unknown selector).
FOREIGN_DL = (unaliased(HADOLINT_CODES | HADOLINT_REMOVED) or ["NO-UNALIASED-HADOLINT-CODE-LEFT"])[0]
#: A BuildKit check that no dflint rule answers to; a hadolint code once they all have one.
FOREIGN_CHECK = (unaliased(BUILDKIT_CHECKS) or [FOREIGN_DL])[0]

UNTAGGED = "Base image `ubuntu` has no tag or digest: each build takes whatever `latest` is then; pin a version tag or a digest"
APK = "`apk add` without `--no-cache` leaves the package index in /var/cache/apk inside the layer"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def found(self) -> list[tuple[str, int, int, str]]:
        """(path, line, column, rule) of each diagnostic of a ``--format json`` run."""
        return [
            (d["path"], d["location"]["line"], d["location"]["column"], d["rule"])
            for d in self.json()["diagnostics"]
        ]

    def rules(self) -> set[str]:
        return {d["rule"] for d in self.json()["diagnostics"]}


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dflint-cache")


class Runner:
    def __init__(self, cwd: Path, cache: Path) -> None:
        self.cwd = cwd
        self.cache = cache

    def __call__(
        self,
        *args: str,
        cwd: Path | None = None,
        stdin: bytes | str | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        environ["DFLINT_CACHE_DIR"] = str(self.cache)
        environ.update(env or {})
        data = stdin.encode() if isinstance(stdin, str) else stdin
        proc = subprocess.run(
            [sys.executable, "-m", "dflint", *args],
            cwd=cwd or self.cwd,
            input=data if data is not None else b"",
            capture_output=True,
            env=environ,
            timeout=TIMEOUT,
        )
        return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


@pytest.fixture
def dflint(tmp_path: Path, cache_dir: Path) -> Runner:
    return Runner(tmp_path, cache_dir)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


def files_of(result: Result) -> list[str]:
    return result.json()["files"]


# -- discovery ---------------------------------------------------------------------------


def test_discovery_finds_every_dockerfile_name_recursively_in_a_stable_order(
    dflint: Runner, tmp_path: Path
) -> None:
    names = [
        "Dockerfile",
        "Dockerfile.dev",
        "app.Dockerfile",
        "x.dockerfile",
        "Containerfile",
        "Containerfile.prod",
        "README",
        "README.md",
        "mydockerfile.txt",
        "Dockerfile-old",
        "notes.Dockerfile.txt",
        "sub/Dockerfile",
        "sub/deeper/web.Dockerfile",
        "node_modules/pkg/Dockerfile",
        ".venv/Dockerfile",
        "a_dir/Dockerfile.ci",
    ]
    write(tmp_path, dict.fromkeys(names, "FROM ubuntu\n"))
    walk = [
        "Containerfile",
        "Containerfile.prod",
        "Dockerfile",
        "Dockerfile.dev",
        "app.Dockerfile",
        "x.dockerfile",
        "a_dir/Dockerfile.ci",
        "sub/Dockerfile",
        "sub/deeper/web.Dockerfile",
    ]
    r = dflint("--format", "json", "--select", "DF101", ".")
    assert r.code == 1, r.err
    assert files_of(r) == walk
    # The diagnostics are sorted by path, then position.
    assert [f[0] for f in r.found()] == sorted(walk)
    # Another run gives the same bytes.
    assert dflint("--format", "json", "--select", "DF101", ".").out == r.out

    # An explicitly named file is linted whatever its name (and listed once), in the
    # order given, before or after a directory walk.
    r = dflint("--format", "json", "mydockerfile.txt", "sub", "README", "sub/Dockerfile")
    assert files_of(r) == ["mydockerfile.txt", "sub/Dockerfile", "sub/deeper/web.Dockerfile", "README"]

    # A directory with nothing to lint: a warning, exit 0.
    (tmp_path / "empty").mkdir()
    r = dflint("empty")
    assert r.code == 0
    assert r.err == "dflint: warning: no Dockerfiles found under empty\n"


def test_gitignore_in_the_tree_and_above_it_inside_a_repository(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "repo/.gitignore": "build/\n*.local.Dockerfile\n",
            "repo/app/.gitignore": "/Dockerfile.dev\n",
            "repo/app/Dockerfile": "FROM ubuntu\n",
            "repo/app/Dockerfile.dev": "FROM ubuntu\n",
            "repo/app/deep/Dockerfile.dev": "FROM ubuntu\n",  # the pattern is anchored
            "repo/app/me.local.Dockerfile": "FROM ubuntu\n",
            "repo/app/build/Dockerfile": "FROM ubuntu\n",
            # Outside any repository a parent's .gitignore is not read.
            "norepo/.gitignore": "build/\n",
            "norepo/app/Dockerfile": "FROM ubuntu\n",
            "norepo/app/build/Dockerfile": "FROM ubuntu\n",
        },
    )
    (tmp_path / "repo" / ".git").mkdir()
    app = tmp_path / "repo" / "app"
    # An ignored file named explicitly is still linted.
    r = dflint("--format", "json", ".", "build/Dockerfile", cwd=app)
    assert files_of(r) == ["Dockerfile", "deep/Dockerfile.dev", "build/Dockerfile"]
    r = dflint("--format", "json", "--no-respect-gitignore", ".", cwd=app)
    assert files_of(r) == [
        "Dockerfile",
        "Dockerfile.dev",
        "me.local.Dockerfile",
        "build/Dockerfile",
        "deep/Dockerfile.dev",
    ]
    r = dflint("--format", "json", ".", cwd=tmp_path / "norepo" / "app")
    assert files_of(r) == ["Dockerfile", "build/Dockerfile"]
    # From the repository root, the nested .gitignore applies to its own directory.
    r = dflint("--format", "json", "repo")
    assert files_of(r) == ["repo/app/Dockerfile", "repo/app/deep/Dockerfile.dev"]


def test_config_exclude_skips_searched_files_but_not_named_ones(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".dflint.yaml": 'exclude: ["vendor/**", "third_party/", "*.gen.Dockerfile"]\n',
            "Dockerfile": "FROM ubuntu\n",
            "x.gen.Dockerfile": "FROM ubuntu\n",
            "vendor/a/Dockerfile": "FROM ubuntu\n",
            "lib/third_party/Dockerfile": "FROM ubuntu\n",
            "lib/Dockerfile": "FROM ubuntu\n",
        },
    )
    r = dflint("--format", "json", ".", "vendor/a/Dockerfile")
    assert files_of(r) == ["Dockerfile", "lib/Dockerfile", "vendor/a/Dockerfile"]
    # Patterns are relative to the config file, whatever the current directory.
    r = dflint("--format", "json", ".", cwd=tmp_path / "lib")
    assert files_of(r) == ["Dockerfile"]


def test_a_symlink_loop_does_not_repeat_files(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"sub/Dockerfile": "FROM ubuntu\n"})
    (tmp_path / "sub" / "loop").symlink_to("..", target_is_directory=True)
    r = dflint("--format", "json", ".")
    assert files_of(r) == ["sub/Dockerfile"]


def test_the_same_file_given_two_ways_is_linted_once(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM alpine:3.20\nRUN apk add curl\n"})
    r = dflint("--fix", "--select", "DF205", "./Dockerfile", ".")
    assert (r.code, r.err) == (0, "")
    assert r.out == "Fixed 1 problem.\n"
    r = dflint("--format", "json", "./Dockerfile", ".")
    assert len(files_of(r)) == 1


# -- standard input ----------------------------------------------------------------------


def test_stdin_with_and_without_a_filename(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".dflint.yaml": (
                'select: [DF101, DF102, DF205]\nper-file-ignores:\n  "docker/*.Dockerfile": [DF101]\n'
            ),
            "docker/.keep": "",
            "other/.dflint.yaml": "select: [DF205]\n",
        },
    )
    text = "FROM ubuntu\nFROM debian:latest\nRUN apk add curl\n"
    r = dflint("--format", "json", "-", stdin=text)
    assert r.code == 1
    assert files_of(r) == ["<stdin>"]
    assert r.found() == [
        ("<stdin>", 1, 6, "DF101"),
        ("<stdin>", 2, 6, "DF102"),
        ("<stdin>", 3, 5, "DF205"),
    ]
    # The name is shown and per-file-ignores match it.
    r = dflint("--no-show-source", "--stdin-filename", "docker/app.Dockerfile", "-", stdin=text)
    assert r.code == 1
    assert r.out.splitlines()[:2] == [
        "docker/app.Dockerfile:2:6: DF102 Base image `debian:latest` changes whenever a new version "
        "is published; pin a version tag",
        f"docker/app.Dockerfile:3:5: DF205 [*] {APK}",
    ]
    # The configuration is the one of the directory the name is in.
    r = dflint("--format", "json", "--stdin-filename", "other/Dockerfile", "-", stdin=text)
    assert r.found() == [("other/Dockerfile", 3, 5, "DF205")]
    # Input errors carry the name too.
    r = dflint("--stdin-filename", "docker/bin.Dockerfile", "-", stdin=b"FROM a\n\0")
    assert r.code == 2
    assert r.err == "docker/bin.Dockerfile:2:1: error: binary file (contains a NUL byte), not a Dockerfile\n"


def test_fix_from_stdin_writes_the_text_to_stdout_and_the_report_to_stderr(dflint: Runner) -> None:
    text = "FROM alpine:3.20\nRUN apk add curl\nWORKDIR /src\nRUN apt-get install curl\n"
    fixers = ("--select", "DF202,DF205,DF212")
    r = dflint("--fix", *fixers, "-", stdin=text)
    assert (
        r.out == "FROM alpine:3.20\nRUN apk add --no-cache curl\nWORKDIR /src\nRUN apt-get install -y curl\n"
    )
    assert r.code == 1  # DF202's fix is unsafe: one finding remains
    assert "<stdin>:4:5: DF202 " in r.err
    assert "Fixed 2 problems (1 remaining).\n" in r.err
    r = dflint("--fix", "--unsafe-fixes", *fixers, "--stdin-filename", "x/Dockerfile", "-", stdin=text)
    assert (r.code, r.err) == (0, "Fixed 3 problems.\n")
    assert "apt-get install -y --no-install-recommends curl" in r.out
    # Nothing to fix: the text comes back unchanged.
    clean = "FROM alpine:3.20\nRUN apk add --no-cache curl\n"
    r = dflint("--fix", *fixers, "-", stdin=clean)
    assert (r.code, r.out, r.err) == (0, clean, "All checks passed!\n")


# -- rule selection ----------------------------------------------------------------------

SELECTION = """\
FROM ubuntu
FROM debian:latest
RUN apk add curl=8.9.1-r0
RUN apt-get install curl=7.88.1-10
RUN pip install flask==3.0.3
RUN gem install rails:7.1.3
# dflint: ignore=DF999
RUN true
"""
#: What the file was written for: the rules of the default set that report on it then.
#: New rules keep landing, so the cases below compute what they expect from what reports
#: on the file now (the catalogue tells which of those are on by default); the test after
#: them checks that the file still does what these sets say.
EVERY = {"DF002", "DF101", "DF102", "DF202", "DF205", "DF207", "DF210", "DF212", "DF223"}
LAYERS = {"DF202", "DF205", "DF207", "DF210", "DF212", "DF223"}


@dataclass(frozen=True)
class Fired:
    """The rules that report something on SELECTION when every rule runs (the engine's
    answer, not the command line's), and the subsets the cases of test_selection expect."""

    rules: frozenset[str]

    @property
    def all(self) -> set[str]:
        return set(self.rules)

    @property
    def default(self) -> set[str]:
        """Those on without being selected: stable and on by default in the catalogue."""
        return {i for i in self.rules if RULES[i].default_enabled and RULES[i].status == "stable"}

    def ids(self, prefix: str) -> set[str]:
        return {i for i in self.rules if i.startswith(prefix)}

    def category(self, name: str) -> set[str]:
        return {i for i in self.rules if RULES[i].category == name}


@pytest.fixture(scope="module")
def fired() -> Fired:
    live = frozenset(i for i, info in RULES.items() if info.status != "removed")
    result = lint_text(SELECTION, "Dockerfile", Settings(rules=RULES, enabled=live))
    assert result.internal_errors == []
    return Fired(frozenset(d.rule for d in result.diagnostics))


def test_the_selection_file_still_has_what_its_cases_are_about(fired: Fired) -> None:
    assert EVERY <= fired.default
    assert LAYERS <= fired.category("layers")
    assert {"DF101", "DF102"} <= fired.ids("DF1")
    # ALL must have a rule that is off by default to show.
    assert "DF309" in fired.all - fired.default
    assert not RULES["DF309"].default_enabled


Expected = set[str] | Callable[[Fired], set[str]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], lambda f: f.default),
        (["--select", "DF101"], {"DF101"}),
        (["--select", "DF1"], lambda f: f.ids("DF1")),
        (["--select", "base-images"], lambda f: f.category("base-images")),
        (["--select", "DL3006"], {"DF101"}),
        (["--select", "untagged-base-image"], {"DF101"}),
        (["--select", "df101,DL3007"], {"DF101", "DF102"}),
        (["--select", "DF101", "--select", "layers"], lambda f: {"DF101"} | f.category("layers")),
        (["--select", "DF101", "--extend-select", "DF205"], {"DF101", "DF205"}),
        # ALL includes the rules that are off by default
        (["--select", "ALL"], lambda f: f.all),
        (["--ignore", "DF2"], lambda f: f.default - f.ids("DF2")),
        (["--ignore", "layers,DF002"], lambda f: f.default - f.category("layers") - {"DF002"}),
        # The more specific selector wins; ignore wins a tie.
        (["--select", "DF1", "--ignore", "DF101"], lambda f: f.ids("DF1") - {"DF101"}),
        (["--ignore", "DF1", "--select", "DF101"], {"DF101"}),
        (["--ignore", "DF1", "--extend-select", "DF101"], lambda f: f.default - f.ids("DF1") | {"DF101"}),
        (["--select", "DF10", "--ignore", "DF1"], lambda f: f.ids("DF10")),
        (["--select", "DF1", "--ignore", "DF10"], lambda f: f.ids("DF1") - f.ids("DF10")),
        (["--select", "DF1", "--ignore", "base-images"], lambda f: f.ids("DF1")),
        (["--select", "base-images", "--ignore", "DF1"], set()),
        (["--select", "DF101", "--ignore", "DL3006"], set()),
        (["--select", "ALL", "--ignore", "DF"], set()),
        # A hadolint code or BuildKit check that no dflint rule has yet is accepted.
        (["--select", FOREIGN_DL], set()),
        (["--ignore", f"{FOREIGN_DL},SC2086"], lambda f: f.default),
        (["--select", f"{FOREIGN_CHECK},DF205"], {"DF205"}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_selection(dflint: Runner, tmp_path: Path, fired: Fired, args: list[str], expected: Expected) -> None:
    want = expected(fired) if callable(expected) else expected
    write(tmp_path, {"Dockerfile": SELECTION})
    r = dflint("--format", "json", *args, "Dockerfile")
    assert r.err == ""
    assert r.rules() == want
    assert r.code == (1 if want else 0)


def test_unknown_selector_is_a_usage_error_naming_it(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM ubuntu\n"})
    r = dflint("--select", "DF101,nope", "Dockerfile")
    assert r.code == 2
    assert r.err == "dflint: error: unknown rule selector `nope` in --select\n"
    assert "DF101" not in r.out
    r = dflint("--ignore", "DF10l", "--severity", "DF101=error", "Dockerfile")
    assert (r.code, r.err) == (2, "dflint: error: unknown rule selector `DF10l` in --ignore\n")
    r = dflint("--severity", "nope=error", "Dockerfile")
    assert (r.code, r.err) == (2, "dflint: error: unknown rule selector `nope` in --severity\n")
    # A foreign code without a rule is a note for --verbose, not an error.
    r = dflint("-v", "--select", "DF101", "--extend-select", FOREIGN_DL, "Dockerfile")
    assert r.code == 1
    assert f"dflint: note: {FOREIGN_DL}: hadolint has removed this rule; not used\n" in r.err


def test_a_well_formed_but_unknown_id_is_an_unknown_selector(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM ubuntu\n"})
    r = dflint("--select", "DF999", "Dockerfile")
    assert r.code == 2
    assert "unknown rule selector `DF999`" in r.err


def test_no_all_checks_passed_when_nothing_was_checked(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM ubuntu\n", "bad/Dockerfile": "FROM ubuntu\n"})
    write(tmp_path, {"bad/.dflint.yaml": "bogus: 1\n"})
    for args in (["--select", "nope", "Dockerfile"], ["missing"], ["bad"]):
        r = dflint(*args)
        assert r.code == 2
        assert "All checks passed!" not in r.out, args


# -- severity and failure threshold ------------------------------------------------------


def test_severity_overrides(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM ubuntu\nFROM debian:latest\nRUN apk add curl\n"})
    three = ("--select", "DF101,DF102,DF205")
    r = dflint("--format", "json", *three, "Dockerfile")
    assert [d["severity"] for d in r.json()["diagnostics"]] == ["warning", "warning", "info"]
    r = dflint(
        "--format",
        "json",
        *three,
        "--severity",
        "DF101=error",
        "--severity",
        "DL3007=INFO",
        "--severity",
        "layers=style",
        "Dockerfile",
    )
    doc = r.json()
    assert [(d["rule"], d["severity"]) for d in doc["diagnostics"]] == [
        ("DF101", "error"),
        ("DF102", "info"),
        ("DF205", "style"),
    ]
    assert doc["summary"] == {"error": 1, "warning": 0, "info": 1, "style": 1, "total": 3, "fixable": 1}
    r = dflint("--severity", "DF101=fatal", "Dockerfile")
    assert r.code == 2
    assert "--severity needs RULE=LEVEL" in r.err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 1),
        (["--failure-threshold", "error"], 0),
        (["--failure-threshold", "warning"], 1),
        (["--failure-threshold", "info"], 1),
        (["--failure-threshold", "style"], 1),
        (["--failure-threshold", "none"], 0),
        (["--failure-threshold", "error", "--severity", "DF205=error"], 1),
        # Below the default threshold (info), a style finding does not fail.
        (["--severity", "DF101=style", "--severity", "DF205=style"], 0),
        (["--failure-threshold", "style", "--severity", "DF101=style", "--severity", "DF205=style"], 1),
        (["--failure-threshold", "fatal"], 2),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_failure_threshold_decides_the_exit_code(
    dflint: Runner, tmp_path: Path, args: list[str], code: int
) -> None:
    write(tmp_path, {"Dockerfile": "FROM ubuntu\nRUN apk add curl\n"})  # a warning and an info
    r = dflint("-q", "--select", "DF101,DF205", *args, "Dockerfile")
    assert r.code == code, r.err


# -- configuration files -----------------------------------------------------------------


def test_dflint_yaml_keys(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".dflint.yaml": (
                "select: [DF1, layers]\n"
                "ignore: [DF212, consecutive-run-instructions]\n"
                "severity: {DF102: error, DL3019: style}\n"
                "per-file-ignores:\n"
                '  "legacy/*": [DF101]\n'
                "failure-threshold: error\n"
            ),
            "Dockerfile": "FROM ubuntu\nRUN apk add curl\nRUN apt-get install curl\n# dflint: ignore=DF999\nRUN true\n",
            "legacy/Dockerfile": "FROM ubuntu\nFROM debian:latest\n",
        },
    )
    r = dflint("--format", "json", ".")
    assert [(d["path"], d["rule"], d["severity"]) for d in r.json()["diagnostics"]] == [
        ("Dockerfile", "DF101", "warning"),
        ("Dockerfile", "DF205", "style"),
        ("Dockerfile", "DF202", "info"),
        ("legacy/Dockerfile", "DF102", "error"),
    ]
    assert r.code == 1  # an error, at the threshold
    assert dflint("-q", "Dockerfile").code == 0  # a warning, below it
    # The command line adds to the file: its threshold and severities win.
    assert dflint("-q", "--failure-threshold", "warning", "Dockerfile").code == 1
    assert dflint("-q", "--severity", "DF102=warning", "legacy/Dockerfile").code == 0
    # --select replaces the file's select; the file's ignore still applies.
    r = dflint("--format", "json", "--select", "DF212,DF002", "Dockerfile")
    assert r.found() == [("Dockerfile", 4, 18, "DF002")]


USER_RULE = """\
id: ACME001
name: curl-insecure
category: security
severity: error
summary: "`curl --insecure` in a build"
message: "`{command}` with `{option}` accepts any certificate"
match:
  command: curl
  with-option: [insecure]
"""


def test_rule_dirs_add_user_declarative_rules(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".dflint.yaml": "rule-dirs: [ci/rules]\nignore: [DF]\n",  # every built-in rule
            "ci/rules/ACME001.yaml": USER_RULE,
            "ci/rules/ACME002.yaml": USER_RULE.replace("ACME001", "ACME002")
            .replace("curl-insecure", "wget-insecure")
            .replace("curl", "wget")
            .replace("[insecure]", "[no-check-certificate]")
            + "enabled: false\n",
            "Dockerfile": (
                "FROM debian:bookworm\n"
                "RUN curl -k https://example.com -o /tmp/a\n"
                "RUN curl --insecure https://example.com\n"
                "RUN curl -fsSL https://example.com\n"
                "# dflint: ignore=curl-insecure\n"
                "RUN curl -k https://example.com\n"
                "RUN wget --no-check-certificate https://example.com\n"
            ),
        },
    )
    r = dflint("--format", "json", ".")
    assert r.code == 1, r.err
    doc = r.json()
    assert r.found() == [("Dockerfile", 2, 5, "ACME001"), ("Dockerfile", 3, 5, "ACME001")]
    first = doc["diagnostics"][0]
    assert (first["name"], first["severity"], first["message"]) == (
        "curl-insecure",
        "error",
        "`curl` with `--insecure` accepts any certificate",
    )
    # Off by default; selected by id. Ignored like a built-in rule. rule-dirs is
    # relative to the config file, not to the current directory.
    r = dflint(
        "--format",
        "json",
        "--extend-select",
        "ACME002",
        "--ignore",
        "curl-insecure",
        "../Dockerfile",
        cwd=tmp_path / "ci",
    )
    assert r.found() == [("../Dockerfile", 7, 5, "ACME002")]
    # A broken user rule is a config error naming the rule file, line and column.
    write(
        tmp_path,
        {
            "bad/.dflint.yaml": "rule-dirs: [rules]\n",
            "bad/rules/ACME003.yaml": USER_RULE.replace("ACME001", "ACME003").replace(
                "  with-option: [insecure]\n", "  with-option: [insecure]\n  bogus: 1\n"
            ),
            "bad/Dockerfile": "FROM ubuntu\n",
        },
    )
    r = dflint("bad/Dockerfile")
    assert r.code == 2
    rule_file = (tmp_path / "bad" / "rules" / "ACME003.yaml").resolve()
    assert r.err == f"dflint: error: {rule_file}:7:1: unknown match key 'bogus' (expected one of " + (
        "command, subcommand, without-option, with-option, with-argument, without-argument, "
        "unless-env, when-env-false, unless-mount, unless-mounted-option, unless-command, with-command, "
        "stages, variables, unless-wrapped-by, add-option, append-command, replace-command, message, "
        "fix-title, code)\n"
    )


def test_config_files_are_found_upward_and_the_nearest_wins(dflint: Runner, tmp_path: Path) -> None:
    two = "FROM ubuntu\nFROM debian:latest\n"  # DF101 on line 1, DF102 on line 2
    write(
        tmp_path,
        {
            ".dflint.yaml": "select: [DF102]\n",
            "Dockerfile": two,
            "a/pyproject.toml": '[project]\nname = "a"\n\n[tool.dflint]\nselect = ["DF101"]\n',
            "a/Dockerfile": two,
            "a/b/pyproject.toml": '[project]\nname = "b"\n',  # no [tool.dflint]: not a config
            "a/b/Dockerfile": two,
            "c/pyproject.toml": '[tool.dflint]\nselect = ["DF101"]\n',
            "c/.dflint.yml": "select: [DF102]\n",  # beats pyproject.toml in one directory
            "c/Dockerfile": two,
        },
    )
    r = dflint("--format", "json", "-v", ".")
    assert [(p, line) for p, line, _, _ in r.found()] == [
        ("Dockerfile", 2),
        ("a/Dockerfile", 1),
        ("a/b/Dockerfile", 1),
        ("c/Dockerfile", 2),
    ]
    root = tmp_path.resolve()
    for config in (root / ".dflint.yaml", root / "a" / "pyproject.toml", root / "c" / ".dflint.yml"):
        assert f"dflint: config: {config}\n" in r.err
    # --config: one file for everything.
    r = dflint("--format", "json", "--config", "a/pyproject.toml", ".")
    assert {line for _, line, _, _ in r.found()} == {1}
    assert len(r.found()) == 4
    r = dflint("--config", "nope.yaml", ".")
    assert (r.code, r.out, r.err) == (2, "", "dflint: error: nope.yaml: config file not found\n")


def test_hadolint_yaml_is_the_fallback(dflint: Runner, tmp_path: Path) -> None:
    two = "FROM ubuntu\nFROM debian:latest\n"
    write(
        tmp_path,
        {
            ".hadolint.yaml": (
                "ignored: [DL3006]\noverride:\n  error: [DL3007]\nfailure-threshold: error\nformat: tty\n"
            ),
            "Dockerfile": two,
            "own/.dflint.yaml": "select: [DF101]\n",
            "own/Dockerfile": two,
            # A dflint config above a nearer .hadolint.yaml still wins.
            "proj/.dflint.yaml": "select: [DF101, DF102]\nignore: [DF102]\n",
            "proj/inner/.hadolint.yaml": "ignored: [DL3006]\n",
            "proj/inner/Dockerfile": two,
            "lenient/.hadolint.yaml": "failure-threshold: error\n",
            "lenient/Dockerfile": two,
        },
    )
    r = dflint("--format", "json", "-v", "--select", "DF101,DF102", "Dockerfile")
    assert r.code == 1
    assert [(d["rule"], d["severity"]) for d in r.json()["diagnostics"]] == [("DF102", "error")]
    hadolint = tmp_path.resolve() / ".hadolint.yaml"
    assert f"dflint: config: {hadolint} (hadolint configuration, read through the rules' aliases)\n" in r.err
    assert (
        f"dflint: note: {hadolint}: hadolint key `format` has no dflint equivalent and is not used\n" in r.err
    )
    r = dflint("--format", "json", "-v", "own/Dockerfile", "proj/inner/Dockerfile")
    assert r.found() == [("own/Dockerfile", 1, 6, "DF101"), ("proj/inner/Dockerfile", 1, 6, "DF101")]
    assert ".hadolint.yaml" not in r.err and "hadolint configuration" not in r.err
    r = dflint("-q", "--select", "DF101,DF102", "lenient/Dockerfile")
    assert r.code == 0  # two warnings, below hadolint's failure-threshold
    assert r.out.count("\n") == 2


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            ".dflint.yaml",
            "select: [DF1]\nbogus: 1\n",
            ":2:1: unknown key `bogus` (expected one of select, extend-select, ignore, severity, "
            "per-file-ignores, exclude, failure-threshold, rules, rule-dirs)",
        ),
        (
            ".dflint.yaml",
            "select: [DF1]\nfailure-threshold: loud\n",
            ":2:1: `failure-threshold` must be one of error, warning, info, style, none",
        ),
        (".dflint.yaml", "ignore: 3\n", ":1:1: `ignore` must be a list of strings"),
        (".dflint.yaml", "select: [DF1\n", ":2:1: invalid YAML: expected ',' or ']', but got '<stream end>'"),
        (".dflint.yaml", "select: [DF1]\n\tignore: [x]\n", ":2:1: invalid YAML: found character '\\t'"),
        (".dflint.yaml", "ignore: [nope]\n", ":1:10: unknown rule selector `nope`"),
        (
            ".dflint.yaml",
            "severity:\n  DF101: fatal\n",
            ":2:3: severity of `DF101` must be one of error, warning, info, style",
        ),
        (
            ".dflint.yaml",
            "rules:\n  DL3006:\n    max-size: 3\n",
            ":3:5: rule DF101 has no option `max-size` (its options: none)",
        ),
        (
            ".dflint.yaml",
            "rules:\n  invalid-pragma:\n    allow-foreign-codes: 'no'\n",
            ":3:5: DF002 option `allow-foreign-codes`: expected bool, got str 'no'",
        ),
        (".dflint.yaml", "rules:\n  DF999: {}\n", ":2:3: unknown rule `DF999` in `rules`"),
        (".dflint.yaml", "rule-dirs: [nope]\n", ":1:1: rule directory "),
        (
            "pyproject.toml",
            '[tool.dflint]\nselect = ["DF101"]\nbogus = 1\n',
            ":3:1: unknown key `bogus` (expected one of select, extend-select, ignore, severity, "
            "per-file-ignores, exclude, failure-threshold, rules, rule-dirs)",
        ),
        ("pyproject.toml", "[tool.dflint]\nselect = 3\n", ":2:1: `select` must be a list of strings"),
        (".hadolint.yaml", "override:\n  fatal: [DL3006]\n", ":2:3: unknown severity `fatal` in override"),
    ],
    ids=[
        "unknown-key",
        "bad-threshold",
        "not-a-list",
        "invalid-yaml",
        "yaml-tab",
        "unknown-selector",
        "bad-severity",
        "unknown-rule-option",
        "bad-option-type",
        "unknown-rule",
        "missing-rule-dir",
        "toml-unknown-key",
        "toml-not-a-list",
        "hadolint-bad-level",
    ],
)
def test_bad_config_is_one_clear_line_and_exit_2(
    dflint: Runner, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    write(tmp_path, {name: content, "Dockerfile": "FROM ubuntu\n"})
    r = dflint("Dockerfile")
    assert r.code == 2
    assert r.err.startswith(f"dflint: error: {tmp_path.resolve() / name}{expected}")
    assert r.err.count("\n") == 1, r.err
    assert "DF101" not in r.out


def test_a_bad_config_stops_only_the_files_that_use_it(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "bad/.dflint.yaml": "select: [DF101\n",
            "bad/Dockerfile": "FROM ubuntu\n",
            "bad/sub/Dockerfile": "FROM ubuntu\n",
            "good/Dockerfile": "FROM ubuntu\n",
        },
    )
    r = dflint("--no-show-source", "--select", "DF101", ".")
    assert r.code == 2
    config = tmp_path.resolve() / "bad" / ".dflint.yaml"
    # One message, however many files use the config.
    assert (
        r.err == f"dflint: error: {config}:2:1: invalid YAML: expected ',' or ']', but got '<stream end>'\n"
    )
    assert r.out == (
        f"good/Dockerfile:1:6: DF101 {UNTAGGED}\n"
        "2 files could not be checked (see the errors above).\n"
        "Found 1 problem in 1 file (1 warning).\n"
    )


def test_unknown_selector_in_per_file_ignores_is_a_config_error(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {".dflint.yaml": 'per-file-ignores:\n  "Dockerfile": [nope]\n', "Dockerfile": "FROM ubuntu\n"},
    )
    r = dflint(".")
    assert "Traceback" not in r.err
    assert r.code == 2
    assert "unknown rule selector `nope`" in r.err
    write(tmp_path, {".dflint.yaml": 'per-file-ignores:\n  "*.other": [nope]\n'})
    r = dflint(".")
    assert r.code == 2


def test_unknown_selector_in_config_points_at_the_item(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {".dflint.yaml": "select:\n  - DF1\n  - nope\n", "Dockerfile": "FROM ubuntu\n"})
    r = dflint("Dockerfile")
    assert r.err.startswith(f"dflint: error: {tmp_path.resolve() / '.dflint.yaml'}:3:5: ")


def test_invalid_toml_names_line_and_column(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.dflint\nselect = 1\n", "Dockerfile": "FROM ubuntu\n"})
    r = dflint("Dockerfile")
    assert r.code == 2
    assert r.err.startswith(f"dflint: error: {tmp_path.resolve() / 'pyproject.toml'}:1:13: invalid TOML")


# -- suppression comments ----------------------------------------------------------------

PRAGMA_FILES = {
    "lines.Dockerfile": (
        "FROM debian:bookworm\n"
        "# dflint: ignore=DF101\n"
        "FROM ubuntu\n"  # 3: silenced
        "# dflint: ignore=DF101\n"
        "# a comment line between\n"
        "FROM ubuntu\n"  # 6: silenced
        "# dflint: ignore=DF101\n"
        "\n"
        "FROM ubuntu\n"  # 9: reported, a blank line breaks it
        "# dflint: ignore\n"
        "FROM ubuntu:latest\n"  # 11: silenced
        "FROM ubuntu:latest\n"  # 12: reported
        "# dflint: ignore=untagged-base-image, DL3007\n"
        "FROM ubuntu\n"  # 14: silenced (a name and an alias)
        "# dflint: ignore=DF102\n"
        "FROM ubuntu\n"  # 16: reported, another rule
    ),
    "file_all.Dockerfile": "# dflint: ignore-file\nFROM ubuntu\nFROM ubuntu:latest\n",
    "file_codes.Dockerfile": "# a comment\n# dflint: ignore-file=DF101\n\nFROM ubuntu\nFROM ubuntu:latest\n",
    "misplaced.Dockerfile": "FROM ubuntu\n# dflint: ignore-file=DF101\nFROM ubuntu\n",
    "hadolint.Dockerfile": (
        "FROM ubuntu\n"  # 1: reported
        "# hadolint ignore=DL3006\n"
        "FROM ubuntu\n"  # 3: silenced
        "FROM alpine:latest\n"  # 4: silenced by the global comment below
        "# hadolint global ignore=DL3007\n"
        "FROM alpine:latest\n"
        f"# hadolint ignore={FOREIGN_DL},SC2086\n"  # a hadolint code without a rule, a ShellCheck code
        "RUN true\n"
    ),
    "check_all.Dockerfile": "# check=skip=all\nFROM ubuntu\nFROM ubuntu:latest\n",
    # a BuildKit check without a rule: accepted
    "check_foreign.Dockerfile": f"# syntax=docker/dockerfile:1\n# check=skip={FOREIGN_CHECK}\nFROM ubuntu\n",
    "check_top.Dockerfile": "# check=skip=DL3006\nFROM ubuntu\nFROM ubuntu\nFROM ubuntu:latest\n",
    "check_line.Dockerfile": (
        "FROM ubuntu:latest\n"  # 1: DF102 reported
        "# check=skip=DF101\n"
        "FROM ubuntu\n"  # 3: silenced
        "FROM ubuntu\n"  # 4: reported
        "# check=skip=all\n"
        "FROM ubuntu:latest\n"  # 6: silenced
    ),
    "bad.Dockerfile": (
        "FROM debian:bookworm\n"
        "# dflint: ignore=DF101,DF999\n"  # DF999 at column 24
        "RUN true\n"
        "# dflint: ingore=DF101\n"  # malformed, at the body: column 11
        "WORKDIR /\n"
        "# hadolint ignore=DL9999\n"  # not a hadolint code: column 19
        "RUN true\n"
        "# check=skip=NotACheck\n"  # not a BuildKit check: column 14
        "WORKDIR /\n"
    ),
}


def test_every_suppression_comment(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, PRAGMA_FILES)
    r = dflint("--format", "json", "--select", "DF002,DF101,DF102", ".")
    assert r.err == ""
    found = r.found()
    by_file: dict[str, list[tuple[int, int, str]]] = {}
    for path, line, column, rule in found:
        by_file.setdefault(path, []).append((line, column, rule))
    assert by_file.pop("lines.Dockerfile") == [(9, 6, "DF101"), (12, 6, "DF102"), (16, 6, "DF101")]
    assert by_file.pop("file_codes.Dockerfile") == [(5, 6, "DF102")]
    assert by_file.pop("misplaced.Dockerfile") == [(1, 6, "DF101"), (2, 11, "DF002"), (3, 6, "DF101")]
    assert by_file.pop("hadolint.Dockerfile") == [(1, 6, "DF101")]
    assert by_file.pop("check_foreign.Dockerfile") == [(3, 6, "DF101")]
    assert by_file.pop("check_top.Dockerfile") == [(4, 6, "DF102")]
    assert by_file.pop("check_line.Dockerfile") == [(1, 6, "DF102"), (4, 6, "DF101")]
    assert by_file.pop("bad.Dockerfile") == [
        (2, 24, "DF002"),
        (4, 11, "DF002"),
        (6, 19, "DF002"),
        (8, 14, "DF002"),
    ]
    assert by_file == {}  # file_all and check_all: nothing
    messages = {(d["path"], d["location"]["line"]): d["message"] for d in r.json()["diagnostics"]}
    assert (
        messages["bad.Dockerfile", 2]
        == "Unknown rule code `DF999` in a suppression comment: it silences nothing"
    )
    assert messages["bad.Dockerfile", 4] == (
        "Unknown dflint pragma `ingore=DF101`: expected `ignore=CODES` or `ignore-file[=CODES]`"
    )
    assert messages["misplaced.Dockerfile", 2] == (
        "`dflint: ignore-file` only works in the comments before the first instruction"
    )


def test_a_pragma_whose_codes_cannot_be_read_is_reported(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM alpine:3.20\n# dflint: ignore=DF101 DF102\nFROM ubuntu:latest\n"})
    r = dflint("--format", "json", "--select", "DF002,DF101,DF102", "Dockerfile")
    # Either the comment works (nothing reported) or it is reported as DF002.
    assert r.rules() in (set(), {"DF002"}, {"DF002", "DF102"})


# -- exit codes and unreadable inputs ----------------------------------------------------


def test_exit_codes_and_bad_inputs(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "clean.Dockerfile": "FROM alpine:3.20\n",
            "good.Dockerfile": "FROM ubuntu\n",
            "binary.Dockerfile": b"FROM a\nRUN \x00\x01\n",
            "latin1.Dockerfile": b"FROM a\nLABEL k=caf\xe9\n",
            "empty.Dockerfile": b"",
        },
    )
    r = dflint("--select", "DF101", "clean.Dockerfile")
    assert (r.code, r.out, r.err) == (0, "All checks passed!\n", "")
    # (No configuration above tmp_path takes part in these tests.)
    r = dflint("-v", "clean.Dockerfile")
    assert "dflint: config: defaults (no configuration file found)\n" in r.err
    r = dflint("--no-show-source", "--select", "DF101", "good.Dockerfile")
    assert (r.code, r.err) == (1, "")
    r = dflint(
        "--no-show-source",
        "--select",
        "DF101",
        "missing",
        "binary.Dockerfile",
        "good.Dockerfile",
        "latin1.Dockerfile",
        "empty.Dockerfile",
    )
    assert r.code == 2
    assert r.err.splitlines() == [
        "missing: error: no such file",
        "binary.Dockerfile:2:1: error: binary file (contains a NUL byte), not a Dockerfile",
        "latin1.Dockerfile:2:12: error: not valid UTF-8 (byte 0xe9)",
        "empty.Dockerfile:1:1: error: empty file: a Dockerfile needs at least one instruction",
    ]
    # The readable file is still reported.
    assert r.out == (
        f"good.Dockerfile:1:6: DF101 {UNTAGGED}\n"
        "4 files could not be checked (see the errors above).\n"
        "Found 1 problem in 1 file (1 warning).\n"
    )
    r = dflint("--format", "json", "--select", "DF101", "missing", "good.Dockerfile")
    assert r.code == 2
    assert files_of(r) == ["good.Dockerfile"]
    for bad in (["--bogus"], ["--format", "nope"], ["--jobs", "0"], ["--failure-threshold", "loud"]):
        r = dflint(*bad, "good.Dockerfile")
        assert r.code == 2, bad
        assert r.out == ""
        assert r.err.startswith("usage: dflint"), bad


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a mode 000 file")
def test_an_unreadable_file_is_reported_and_the_others_linted(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"secret.Dockerfile": "FROM ubuntu\n", "good.Dockerfile": "FROM ubuntu\n"})
    (tmp_path / "secret.Dockerfile").chmod(0)
    try:
        r = dflint("-q", "--select", "DF101", "secret.Dockerfile", "good.Dockerfile")
    finally:
        (tmp_path / "secret.Dockerfile").chmod(0o644)
    assert r.code == 2
    assert r.err == "secret.Dockerfile: error: permission denied\n"
    assert r.out == f"good.Dockerfile:1:6: DF101 {UNTAGGED}\n"


def test_a_syntax_error_is_a_df001_finding(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM alpine:3.20\nRUN true\nRUN <<EOF\necho never closed\n"})
    r = dflint("--format", "json", "Dockerfile")
    assert (r.code, r.err) == (1, "")
    (d,) = r.json()["diagnostics"]
    assert (d["rule"], d["severity"], d["location"]["line"], d["message"]) == (
        "DF001",
        "error",
        3,
        "Unterminated heredoc",
    )
    assert dflint("-q", "--failure-threshold", "none", "Dockerfile").code == 0
    assert dflint("-q", "--ignore", "DF001", "Dockerfile").code == 0


# -- output formats ----------------------------------------------------------------------

#: DF101 (a warning) and DF205 (an info, with a safe fix) in Dockerfile; nothing in clean.Dockerfile
FORMAT_FILES = {
    ".dflint.yaml": "select: [DF101, DF205]\n",
    "Dockerfile": "FROM ubuntu\nRUN apk add curl\n",
    "clean.Dockerfile": "FROM alpine:3.20\n",
}

TEXT = f"""\
Dockerfile:1:6: DF101 {UNTAGGED}
  |
1 | FROM ubuntu
  |      ^^^^^^ DF101
  |

Dockerfile:2:5: DF205 [*] {APK}
  |
2 | RUN apk add curl
  |     ^^^^^^^^^^^^ DF205
  |
  = help: Add `--no-cache`

Found 2 problems in 1 file (1 warning, 1 info).
[*] 1 fixable with the `--fix` option.
"""


def test_text_format(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    r = dflint(".")
    assert (r.code, r.out, r.err) == (1, TEXT, "")
    r = dflint("--no-show-source", "--statistics", ".")
    assert r.out == (
        f"Dockerfile:1:6: DF101 {UNTAGGED}\n"
        f"Dockerfile:2:5: DF205 [*] {APK}\n"
        "1\tDF101\t    untagged-base-image\n"
        "1\tDF205\t[*] apk-add-cache\n"
        "\n"
        "Found 2 problems in 1 file (1 warning, 1 info).\n"
        "[*] 1 fixable with the `--fix` option.\n"
    )
    r = dflint("--quiet", ".")
    assert r.out == f"Dockerfile:1:6: DF101 {UNTAGGED}\nDockerfile:2:5: DF205 [*] {APK}\n"
    r = dflint("--quiet", "clean.Dockerfile")
    assert (r.code, r.out) == (0, "")
    # An unsafe fix is hidden, and shown with --unsafe-fixes.
    write(tmp_path, {"apt.Dockerfile": "FROM debian:bookworm\nRUN apt-get install -y curl\n"})
    r = dflint("--select", "DF202", "apt.Dockerfile")
    assert "apt.Dockerfile:2:5: DF202 `apt-get install`" in r.out
    assert "  = help: Add `--no-install-recommends` (unsafe fix)\n" in r.out
    assert r.out.endswith(
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
    )
    r = dflint("--select", "DF202", "--unsafe-fixes", "apt.Dockerfile")
    assert "apt.Dockerfile:2:5: DF202 [*] `apt-get install`" in r.out
    assert r.out.endswith("[*] 1 fixable with the `--fix` option.\n")


def test_colour(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    plain = dflint(".").out
    assert "\x1b[" not in plain  # not a terminal
    r = dflint(".", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in r.out
    assert "\x1b[1;33mDF101\x1b[0m" in r.out  # a warning's id in bold yellow
    for env, args in (({"FORCE_COLOR": "1"}, ["--no-color"]), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [])):
        r = dflint(*args, ".", env=env)
        assert r.out == plain, (env, args)


def test_json_format(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    r = dflint("--format", "json", ".")
    assert r.code == 1
    doc = r.json()
    assert doc["version"] == 1
    assert doc["tool"]["name"] == "dflint"
    assert doc["files"] == ["Dockerfile", "clean.Dockerfile"]
    assert doc["summary"] == {"error": 0, "warning": 1, "info": 1, "style": 0, "total": 2, "fixable": 1}
    untagged, apk = doc["diagnostics"]
    assert untagged == {
        "rule": "DF101",
        "name": "untagged-base-image",
        "severity": "warning",
        "message": UNTAGGED,
        "path": "Dockerfile",
        "aliases": ["DL3006"],
        "location": {"line": 1, "column": 6, "offset": 5},
        "end_location": {"line": 1, "column": 12, "offset": 11},
        "url": "https://github.com/dflint/dflint/blob/main/docs/rules/DF101.md",
        "fix": None,
    }
    assert apk["fix"] == {
        "applicability": "safe",
        "title": "Add `--no-cache`",
        "edits": [
            {
                "start": {"line": 2, "column": 12, "offset": 23},
                "end": {"line": 2, "column": 12, "offset": 23},
                "content": " --no-cache",
            }
        ],
    }
    # The text options do not change machine output.
    assert dflint("--format", "json", "-q", "--no-show-source", "--statistics", ".").out == r.out


def test_sarif_format(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    r = dflint("--format", "sarif", ".")
    assert r.code == 1
    log = r.json()
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "dflint"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["DF101", "DF205"]
    results = run["results"]
    assert [(x["ruleId"], x["ruleIndex"], x["level"]) for x in results] == [
        ("DF101", 0, "warning"),
        ("DF205", 1, "note"),
    ]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 12}
    assert "fixes" not in results[0]
    (fix,) = results[1]["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"] == {"text": " --no-cache"}


def test_github_format(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {**FORMAT_FILES, "my dir/a,b:c.Dockerfile": "FROM ubuntu\n"})
    r = dflint("--format", "github", ".")
    assert r.code == 1
    assert r.out.splitlines() == [
        "::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=12,title=DF101 untagged-base-image::"
        + UNTAGGED,
        "::notice file=Dockerfile,line=2,col=5,endLine=2,endColumn=17,title=DF205 apk-add-cache::" + APK,
        "::warning file=my dir/a%2Cb%3Ac.Dockerfile,line=1,col=6,endLine=1,endColumn=12,"
        "title=DF101 untagged-base-image::" + UNTAGGED,
    ]


def test_gitlab_format(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    r = dflint("--format", "gitlab", ".")
    assert r.code == 1
    issues = r.json()
    assert isinstance(issues, list)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("DF101", "minor", {"path": "Dockerfile", "lines": {"begin": 1, "end": 1}}),
        ("DF205", "info", {"path": "Dockerfile", "lines": {"begin": 2, "end": 2}}),
    ]
    assert issues[0]["description"] == f"DF101 {UNTAGGED}"
    assert all(len(i["fingerprint"]) == 64 for i in issues)
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_checkstyle_and_junit_formats(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    r = dflint("--format", "checkstyle", ".")
    assert r.code == 1
    root = ET.fromstring(r.out)
    assert root.tag == "checkstyle"
    files = {f.get("name"): [e.attrib for e in f] for f in root.iter("file")}
    assert files == {
        "Dockerfile": [
            {
                "line": "1",
                "column": "6",
                "severity": "warning",
                "message": UNTAGGED,
                "source": "dflint.DF101",
            },
            {"line": "2", "column": "5", "severity": "info", "message": APK, "source": "dflint.DF205"},
        ],
        "clean.Dockerfile": [],
    }
    r = dflint("--format", "junit", ".")
    assert r.code == 1
    root = ET.fromstring(r.out)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "2", "1")
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"Dockerfile", "clean.Dockerfile"}
    failure = cases["Dockerfile"].find("failure")
    assert failure is not None and failure.get("message") == "2 findings"
    assert failure.text is not None and f"Dockerfile:1:6: DF101 [warning] {UNTAGGED}" in failure.text
    assert len(cases["clean.Dockerfile"]) == 0
    # Below the threshold: the findings are listed, the case passes.
    r = dflint("--format", "junit", "--failure-threshold", "error", ".")
    root = ET.fromstring(r.out)
    assert (r.code, root.get("failures")) == (0, "0")
    out = next(root.iter("testcase")).find("system-out")
    assert out is not None and out.text is not None and "DF205 [info]" in out.text


def test_junit_agrees_with_the_exit_code_for_threshold_none(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM alpine:3.20\nRUN <<EOF\n"})
    r = dflint("--format", "junit", "--failure-threshold", "none", "Dockerfile")
    assert r.code == 0
    assert ET.fromstring(r.out).get("failures") == "0"


def test_output_file(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    r = dflint("--format", "json", "--output-file", "report.json", ".")
    assert (r.code, r.out, r.err) == (1, "", "")
    doc = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert doc["summary"]["total"] == 2
    r = dflint("-o", "report.txt", ".", env={"FORCE_COLOR": "1"})
    assert (r.code, r.out) == (1, "")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == TEXT  # never coloured


def test_output_file_with_quiet_has_one_line_per_finding(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    r = dflint("-q", "-o", "report.txt", "Dockerfile")
    assert (r.code, r.out) == (1, "")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == (
        f"Dockerfile:1:6: DF101 {UNTAGGED}\nDockerfile:2:5: DF205 [*] {APK}\n"
    )


def test_output_file_with_quiet_and_no_findings_is_still_written(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {**FORMAT_FILES, "report.txt": "stale findings from an earlier run\n"})
    r = dflint("-q", "-o", "report.txt", "clean.Dockerfile")
    assert (r.code, r.out) == (0, "")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == ""


def test_unwritable_output_file_is_a_clean_error(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, FORMAT_FILES)
    r = dflint("-o", "no/such/dir/report.txt", "clean.Dockerfile")
    assert "Traceback" not in r.err
    assert r.code == 2
    assert "no/such/dir/report.txt" in r.err


# -- fixing ------------------------------------------------------------------------------

FIXABLE = "FROM alpine:3.20\r\nRUN apk add curl\r\nWORKDIR /src\r\nRUN apt-get install curl\r\n"


def test_fix_rewrites_safe_fixes_keeping_line_ends_and_mode(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": FIXABLE, "clean.Dockerfile": "FROM alpine:3.20\n"})
    target = tmp_path / "Dockerfile"
    target.chmod(0o640)
    fixers = ("--select", "DF202,DF205,DF212")
    r = dflint("--fix", *fixers, "--no-show-source", ".")
    assert r.code == 1  # DF202 remains: its fix is unsafe
    assert r.out == (
        "Dockerfile:4:5: DF202 `apt-get install` without `--no-install-recommends` also installs every "
        "recommended package: often tens of MB the image never uses\n"
        "Fixed 2 problems (1 remaining).\n"
        "Found 1 problem in 1 file (1 info).\n"
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
    )
    assert (
        target.read_bytes()
        == b"FROM alpine:3.20\r\nRUN apk add --no-cache curl\r\nWORKDIR /src\r\nRUN apt-get install -y curl\r\n"
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile", "clean.Dockerfile"]  # no temp file
    r = dflint("--fix", "--unsafe-fixes", *fixers, ".")
    assert (r.code, r.out, r.err) == (0, "Fixed 1 problem.\n", "")
    assert target.read_bytes() == (
        b"FROM alpine:3.20\r\nRUN apk add --no-cache curl\r\nWORKDIR /src\r\n"
        b"RUN apt-get install --no-install-recommends -y curl\r\n"
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    r = dflint("--fix", *fixers, ".")
    assert (r.code, r.out) == (0, "All checks passed!\n")


def test_diff_prints_the_fixes_and_writes_nothing(dflint: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": FIXABLE, "clean.Dockerfile": "FROM ubuntu\n"})
    before = (tmp_path / "Dockerfile").read_bytes()
    rules = ("--select", "DF101,DF202,DF205,DF212")
    r = dflint("--diff", *rules, ".")
    assert (r.code, r.err) == (1, "")
    assert r.out == (
        "--- a/Dockerfile\n"
        "+++ b/Dockerfile\n"
        "@@ -1,4 +1,4 @@\n"
        " FROM alpine:3.20\r\n"
        "-RUN apk add curl\r\n"
        "+RUN apk add --no-cache curl\r\n"
        " WORKDIR /src\r\n"
        "-RUN apt-get install curl\r\n"
        "+RUN apt-get install -y curl\r\n"
    )
    r = dflint("--diff", "--unsafe-fixes", *rules, "Dockerfile")
    assert "+RUN apt-get install -y --no-install-recommends curl\r\n" in r.out
    assert (tmp_path / "Dockerfile").read_bytes() == before
    # Findings without fixes: nothing to show, exit 0.
    r = dflint("--diff", *rules, "clean.Dockerfile")
    assert (r.code, r.out, r.err) == (0, "", "")


def test_fix_only_reports_the_fixes_not_what_remains(dflint: Runner, tmp_path: Path) -> None:
    write(
        tmp_path, {"Dockerfile": FIXABLE, "b/Dockerfile": "FROM alpine:3.20\nRUN apk add a\nRUN apk add b\n"}
    )
    fixers = ("--select", "DF202,DF205,DF212")
    r = dflint("--fix-only", *fixers, ".")
    # DF202 (unsafe) remains, yet --fix-only exits 0 and does not list it
    assert (r.code, r.out, r.err) == (0, "Fixed 4 problems.\n", "")
    assert b"apk add --no-cache curl" in (tmp_path / "Dockerfile").read_bytes()
    r = dflint("--fix-only", "--unsafe-fixes", "--show-fixes", *fixers, ".")
    assert (r.code, r.err) == (0, "")
    assert r.out == "Fixed 1 problem:\n- Dockerfile:\n    1 × DF202 (apt-install-recommends)\n"
    r = dflint("--fix-only", *fixers, ".")
    assert (r.code, r.out) == (0, "No problems to fix.\n")
    # From stdin the fixed text goes to stdout, the summary to stderr.
    r = dflint("--fix-only", *fixers, "-", stdin="FROM alpine:3.20\nRUN apk add curl\n")
    assert (r.code, r.out, r.err) == (
        0,
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        "Fixed 1 problem.\n",
    )


def test_show_fixes_lists_fixes_per_file_and_rule(dflint: Runner, tmp_path: Path) -> None:
    twice = "FROM alpine:3.20\nRUN apk add a\nRUN apk add b\nRUN apt-get install c\n"
    write(tmp_path, {"a.Dockerfile": twice, "b.Dockerfile": "FROM alpine:3.20\nRUN apk add a\n"})
    fixers = ("--select", "DF205,DF212")
    r = dflint("--diff", "--show-fixes", *fixers, ".")
    assert r.code == 1 and r.out.startswith("--- a/a.Dockerfile\n")
    listing = (
        "- a.Dockerfile:\n"
        "    2 × DF205 (apk-add-cache)\n"
        "    1 × DF212 (apt-get-without-yes)\n"
        "- b.Dockerfile:\n"
        "    1 × DF205 (apk-add-cache)\n"
    )
    assert r.err == "Would fix 4 problems:\n" + listing
    r = dflint("--fix", "--show-fixes", *fixers, ".")
    assert (r.code, r.err) == (0, "")
    assert r.out == "Fixed 4 problems.\n" + listing


def test_a_file_changed_during_the_run_is_not_overwritten(tmp_path: Path) -> None:
    from dflint.run import write_atomically

    path = tmp_path / "Dockerfile"
    path.write_bytes("\ufeffFROM a\r\n".encode())
    path.chmod(0o604)
    problem = write_atomically(str(path), "FROM b\n", "FROM x\n")  # not what was read
    assert problem == f"{path}: changed while dflint was running; not overwritten"
    assert path.read_bytes() == "\ufeffFROM a\r\n".encode()
    # The byte order mark, the line ends and the mode are kept; nothing else is left.
    assert write_atomically(str(path), "\ufeffFROM b\r\n", "\ufeffFROM a\r\n") is None
    assert path.read_bytes() == "\ufeffFROM b\r\n".encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]


# -- parallel runs -----------------------------------------------------------------------


def test_jobs_do_not_change_the_output(dflint: Runner, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(10):
        files[f"d{i % 3}/f{i}.Dockerfile"] = f"FROM ubuntu\nRUN apk add curl{i}\nRUN pip install x{i}\n"
    files["d0/bin.Dockerfile"] = b"FROM a\n\0"
    files["d1/syntax.Dockerfile"] = "FROM a:1\nRUN <<EOF\n"
    write(tmp_path, files)
    rules = ("--select", "DF001,DF101,DF205,DF207,DF223")
    runs = {
        jobs: (dflint("-j", jobs, *rules, "."), dflint("-j", jobs, *rules, "--format", "json", "."))
        for jobs in ("1", "2")
    }
    (text1, json1), (text2, json2) = runs["1"], runs["2"]
    assert (text1.code, text1.out, text1.err) == (text2.code, text2.out, text2.err)
    assert (json1.code, json1.out, json1.err) == (json2.code, json2.out, json2.err)
    assert text1.code == 2
    assert text1.err == "d0/bin.Dockerfile:2:1: error: binary file (contains a NUL byte), not a Dockerfile\n"
    assert len(json1.json()["files"]) == 11
    assert json1.json()["summary"]["total"] == 41


# -- other commands ----------------------------------------------------------------------


def test_rules_and_explain(dflint: Runner) -> None:
    r = dflint("rules")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0].split()[:2] == ["DF001", "syntax-error"]
    assert any(line.startswith("DF205  [*] apk-add-cache") for line in lines)
    assert any(line.startswith("DF202  [u] apt-install-recommends") and "(DL3015)" in line for line in lines)
    r = dflint("rules", "--format", "json")
    rules = r.json()
    assert [x["id"] for x in rules] == sorted(p.stem for p in (REPO / "rules").glob("*.yaml"))
    df101 = next(x for x in rules if x["id"] == "DF101")
    assert (df101["name"], df101["category"], df101["severity"], df101["aliases"], df101["enabled"]) == (
        "untagged-base-image",
        "base-images",
        "warning",
        ["DL3006"],
        True,
    )
    pages = {code: dflint("explain", code) for code in ("DF101", "DL3006", "untagged-base-image")}
    assert pages["DF101"].code == 0
    assert pages["DF101"].out.startswith("# DF101 untagged-base-image\n")
    assert "## What it does" in pages["DF101"].out
    assert pages["DL3006"].out == pages["DF101"].out == pages["untagged-base-image"].out
    r = dflint("explain", "nope")
    assert (r.code, r.out) == (2, "")
    assert r.err == "dflint: error: no rule is called 'nope' (see `dflint rules`)\n"


def test_rule_options_from_the_config_reach_the_rule(dflint: Runner, tmp_path: Path) -> None:
    # A hadolint code no dflint rule answers to: accepted unless allow-foreign-codes is false.
    write(tmp_path, {"Dockerfile": f"FROM ubuntu:24.04\n# hadolint ignore={FOREIGN_DL}\nRUN true\n"})
    lint = ("--format", "json", "--select", "DF002", "Dockerfile")
    assert dflint(*lint).found() == []
    write(tmp_path, {".dflint.yaml": "rules:\n  DF002: {allow-foreign-codes: false}\n"})
    assert dflint(*lint).found() == [("Dockerfile", 2, 19, "DF002")]
    write(tmp_path, {"pyproject.toml": "[tool.dflint.rules.invalid-pragma]\nallow-foreign-codes = false\n"})
    (tmp_path / ".dflint.yaml").unlink()
    assert dflint(*lint).found() == [("Dockerfile", 2, 19, "DF002")]
