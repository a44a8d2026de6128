"""The build-context rules: DF230 source-copied-before-install, DF231
unfiltered-context-copy, DF234 copy-ignored-file, and the .dockerignore matcher they
share (dflint.model.context), checked against moby/patternmatcher's own test tables
and the examples of Docker's documentation.

Contexts are real directories (pytest's tmp_path) with real ignore files; the rules
are run through ``lint_text`` with the Dockerfile's real path, and once through the CLI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.model.context import (
    BuildContexts,
    PatternError,
    PatternMatcher,
    context_path,
    go_clean,
    locate,
    read_ignore_file,
)
from dflint.syntax.parser import parse

RULES = builtin_rules()
REPO = Path(__file__).resolve().parent.parent


def make_context(root: Path, files: dict[str, str], dockerfile: str = "") -> Path:
    """Write ``files`` under ``root`` (a name ending in ``/`` is a directory) and the
    Dockerfile; return the Dockerfile's path."""
    for name, content in files.items():
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    path = root / "Dockerfile"
    path.write_text(dockerfile)
    return path


def settings(rule: str, **options: object) -> Settings:
    merged = {**RULES[rule].option_defaults(), **options}
    return Settings(rules=RULES, enabled=frozenset({rule}), options={rule: merged})


def lint(path: Path | str, rule: str, text: str | None = None, **options: object) -> list[tuple[int, str]]:
    text = Path(path).read_text() if text is None else text
    result = lint_text(text, str(path), settings(rule, **options))
    assert not result.internal_errors
    return [(d.start.line, d.message) for d in result.diagnostics]


def lines(path: Path | str, rule: str, text: str | None = None, **options: object) -> list[int]:
    return [line for line, _ in lint(path, rule, text, **options)]


def fixed(path: Path | str, rule: str, text: str | None = None) -> str:
    text = Path(path).read_text() if text is None else text
    outcome = fix_text(text, str(path), settings(rule), Applicability.UNSAFE)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    again = lint_text(outcome.text, str(path), settings(rule))
    assert not [d for d in again.diagnostics if d.fix is not None], "the fix does not settle"
    return outcome.text


# -- the matcher: moby/patternmatcher's tables -------------------------------------------

# (pattern, path, matched by the pattern itself, matched with its parent directories)
MOBY_MATCHES = [
    ("**", "file", True, True),
    ("**", "file/", True, True),
    ("**/", "file", True, True),
    ("**/", "dir/file", True, True),
    ("**/**", "dir/file", True, True),
    ("dir/**", "dir/file", True, True),
    ("dir/**", "dir/dir2/file/", True, True),
    ("**/dir", "dir", True, True),
    ("**/dir", "dir/file", False, True),
    ("**/dir2/*", "dir/dir2/file", True, True),
    ("**/dir2/*", "dir/dir2/file/", False, True),
    ("**/dir2/**", "dir/dir2/dir3/file", True, True),
    ("**file", "file", True, True),
    ("**file", "dir/dir/file", True, True),
    ("**/file*", "dir/dir/file.txt", True, True),
    ("**/file*txt", "dir/dir/file.txt", True, True),
    ("**/**/*.txt", "dir/dir/file.txt", True, True),
    ("**/**/*.txt2", "dir/dir/file.txt", False, False),
    ("**/*.txt", "file.txt", True, True),
    ("a**/*.txt", "a/dir/dir/file.txt", True, True),
    ("a/*.txt", "a/dir/file.txt", False, False),
    ("a/*.txt", "a/file.txt", True, True),
    ("a/*.txt**", "a/file.txt", True, True),
    ("a[b-d]e", "ae", False, False),
    ("a[b-d]e", "ace", True, True),
    ("a[^b-d]e", "aze", True, True),
    (".*", ".foo", True, True),
    (".*", "foo", False, False),
    ("abc.def", "abcdef", False, False),
    ("abc?def", "abcZdef", True, True),
    ("abc?def", "abcdef", False, False),
    ("**/foo/bar", "foo/bar", True, True),
    ("**/foo/bar", "dir/dir2/foo/bar", True, True),
    ("abc/**", "abc", False, False),
    ("abc/**", "abc/def/ghi", True, True),
    ("**/.foo", ".foo", True, True),
    ("**/.foo", "bar.foo", False, False),
    ("a(b)c/def", "a(b)c/def", True, True),
    ("a.|)$(}+{bc", "a.|)$(}+{bc", True, True),
    ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", True, True),
    ("a\\\\", "a\\", True, True),
    ("a\\*b", "a*b", True, True),
    ("a\\*b", "ab", False, False),
]


@pytest.mark.parametrize(("pattern", "path", "exact", "with_parents"), MOBY_MATCHES)
def test_moby_patternmatcher_table(pattern: str, path: str, exact: bool, with_parents: bool) -> None:
    matcher = PatternMatcher([pattern])
    assert matcher.patterns[0].match(path) is exact
    assert matcher.matches(path) is with_parents


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        (["**", "!util/docker/web"], "util/docker/web/foo", False),
        (["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", True),
        (["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", False),
        (["docs", "!docs/README.md"], "docs/README.md", False),
        (["docs/", "!docs/README.md"], "docs/README.md", False),
        (["docs/*", "!docs/README.md"], "docs/README.md", False),
        (["*.go", "!fileutils.go"], "fileutils.go", False),
        (["!fileutils.go", "*.go"], "fileutils.go", True),
        (["*.go"], ".", False),  # the context itself is never excluded
    ],
)
def test_exceptions_and_order(patterns: list[str], path: str, excluded: bool) -> None:
    assert PatternMatcher(patterns).matches(path) is excluded


@pytest.mark.parametrize(
    ("pattern", "name", "matched"),
    [
        ("a*/b", "abc/b", True),
        ("a*/b", "a/c/b", False),
        ("a*b*c*d*e*/f", "axbxcxdxexxx/f", True),
        ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", False),
        ("a*b?c*x", "abxbbxdbxebxczzx", True),
        ("a*b?c*x", "abxbbxdbxebxczzy", False),
        ("ab[^e-g]", "abc", True),
        ("a?b", "a☺b", True),
        ("a???b", "a☺b", False),
        ("[a-ζ]*", "α", True),  # noqa: RUF001
        ("a?b", "a/b", False),
        ("a*b", "a/b", False),
        ("[\\]a]", "]", True),
        ("[\\-]", "-", True),
        ("[x\\-]", "z", False),
        ("*x", "xxx", True),
    ],
)
def test_go_filepath_match_table(pattern: str, name: str, matched: bool) -> None:
    assert PatternMatcher([pattern]).patterns[0].match(name) is matched


@pytest.mark.parametrize(
    "pattern", ["[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "!"]
)
def test_malformed_patterns_are_rejected(pattern: str) -> None:
    with pytest.raises(PatternError):
        PatternMatcher([pattern])


def test_reading_an_ignore_file_like_ignorefile_readall() -> None:
    text = (
        "\ufefftest1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\r\n  #x\n"
    )
    assert [p for _, p in read_ignore_file(text)] == [
        "test1",
        "test2",
        "a/file/here",
        "lastfile",
        "!inverted/abs/path",
        "#x",  # only a `#` in column 1 starts a comment
    ]
    assert [n for n, _ in read_ignore_file(text)] == [1, 2, 3, 5, 7, 8]


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        # Docker's documented example: */temp*, */*/temp*, temp?
        ("somedir/temporary.txt", True),
        ("somedir/temp", True),
        ("somedir/subdir/temporary.txt", True),
        ("tempa", True),
        ("temp", False),
        ("temporary.txt", False),
        ("a/b/c/temp", False),
    ],
)
def test_docker_documentation_example(path: str, excluded: bool) -> None:
    matcher = PatternMatcher(read_ignore_file("# comment\n*/temp*\n*/*/temp*\ntemp?\n"))
    assert matcher.matches(path) is excluded


def test_docker_documentation_exception_order() -> None:
    first = PatternMatcher(read_ignore_file("*.md\n!README*.md\nREADME-secret.md\n"))
    assert first.matches("README-secret.md") and not first.matches("README.md") and first.matches("x.md")
    second = PatternMatcher(read_ignore_file("*.md\nREADME-secret.md\n!README*.md\n"))
    assert not second.matches("README-secret.md") and not second.matches("README.md")
    everything = PatternMatcher(read_ignore_file("**/*.go\n"))
    assert everything.matches("main.go") and everything.matches("cmd/app/main.go")
    # anchored at the root, unlike .gitignore
    assert not PatternMatcher(["node_modules"]).matches("web/node_modules")
    assert PatternMatcher(["**/node_modules"]).matches("web/node_modules/x/index.js")


def test_path_helpers() -> None:
    assert go_clean("a//b/../c/") == "a/c"
    assert go_clean("/../a") == "/a"
    assert go_clean("../a") == "../a"
    assert go_clean("") == "."
    assert [context_path(p) for p in (".", "./", "/", "./docs/", "../x", "a/./b")] == [
        "",
        "",
        "",
        "docs",
        "x",
        "a/b",
    ]


def test_exceptions_that_could_reinclude_below_a_directory() -> None:
    matcher = PatternMatcher(["node_modules", "!node_modules/keep/**"])
    assert matcher.matches("node_modules")
    assert matcher.may_include_below("node_modules")
    assert not matcher.may_include_below("other")
    assert not PatternMatcher(["docs", "!README.md"]).may_include_below("docs")


# -- locating the context ---------------------------------------------------------------


def test_the_context_is_the_dockerfiles_directory(tmp_path: Path) -> None:
    dockerfile = make_context(tmp_path, {".dockerignore": ".git\n"}, "FROM scratch\n")
    context = locate(str(dockerfile))
    assert context is not None and context.root == tmp_path and context.ignore is not None
    assert context.ignore.name == ".dockerignore" and context.excluded(".git/config")


def test_the_dockerfile_specific_ignore_file_wins(tmp_path: Path) -> None:
    make_context(tmp_path, {".dockerignore": "a\n", "app.Dockerfile.dockerignore": "b\n"})
    (tmp_path / "app.Dockerfile").write_text("FROM scratch\n")
    context = locate(str(tmp_path / "app.Dockerfile"))
    assert context is not None and context.ignore is not None
    assert context.ignore.name == "app.Dockerfile.dockerignore"
    assert context.excluded("b") and not context.excluded("a")


def test_unknown_contexts(tmp_path: Path) -> None:
    assert locate("-") is None
    assert locate("<stdin>") is None
    assert locate(str(tmp_path / "missing" / "Dockerfile")) is None  # no file: no context
    make_context(tmp_path, {".dockerignore": "[\n"})
    assert locate(str(tmp_path / "Dockerfile")) is None  # BuildKit rejects the ignore file


def test_a_configured_context_is_relative_to_the_dockerfile(tmp_path: Path) -> None:
    make_context(tmp_path, {".dockerignore": "secrets/\n", "docker/": ""})
    dockerfile = tmp_path / "docker" / "Dockerfile"
    dockerfile.write_text("FROM scratch\n")
    contexts = BuildContexts(str(dockerfile))
    below = contexts.get("")
    assert below is not None and below.root == tmp_path / "docker" and below.ignore is None
    up = contexts.get("..")
    assert up is not None and up.root == tmp_path and up.excluded("secrets/key")
    assert contexts.get("..") is up  # located once
    assert contexts.get("nowhere") is None


def test_glob_matches_one_segment_at_a_time(tmp_path: Path) -> None:
    make_context(tmp_path, {"a.txt": "", "b.txt": "", "sub/c.txt": "", "[x].txt": ""})
    context = locate(str(tmp_path / "Dockerfile"))
    assert context is not None
    assert context.glob("*.txt") == ["[x].txt", "a.txt", "b.txt"]
    assert context.glob("*/*.txt") == ["sub/c.txt"]
    assert context.glob("./sub/") == ["sub"]
    assert context.glob("[[]x].txt") == ["[x].txt"]
    assert context.glob("\\[x\\]*") == ["[x].txt"]
    assert context.glob("\\[x\\].txt") == []  # no wildcard: BuildKit takes the name as written
    assert context.glob("missing*") == []


# -- DF234 copy-ignored-file ------------------------------------------------------------


def test_df234_excluded_sources(tmp_path: Path) -> None:
    dockerfile = make_context(
        tmp_path,
        {".dockerignore": "# keep out\n.env\nlogs/\n*.md\n!README.md\n", "README.md": "", "NOTES.md": ""},
        "FROM alpine:3.20\n"
        "COPY .env /app/\n"
        "COPY ./logs/ \\\n"
        "     /app/logs/\n"
        "ADD NOTES.md /doc/\n"
        "COPY README.md *.md /doc/\n"
        "COPY --from=build /src/.env /app/\n"
        "ADD https://example.com/.env /app/\n"
        'COPY ["logs", "/logs"]\n',
    )
    found = lint(dockerfile, "DF234")
    assert [line for line, _ in found] == [2, 3, 5, 9]
    assert found[0][1] == (
        "`.env` is excluded by .dockerignore (line 2: `.env`): it is not in the build context, "
        "so this COPY fails"
    )
    assert "(line 3: `logs/`)" in found[1][1]
    assert "this ADD fails" in found[2][1]


def test_df234_wildcards_directories_and_exceptions(tmp_path: Path) -> None:
    dockerfile = make_context(
        tmp_path,
        {
            ".dockerignore": "*.log\nvendor\n!vendor/keep/**\n",
            "a.log": "",
            "b.log": "",
            "vendor/x/y": "",
            "app.py": "",
        },
        "FROM alpine:3.20\nCOPY *.log /logs/\nCOPY *.py *.log /app/\nCOPY vendor /vendor\nCOPY missing* /x/\n",
    )
    found = lint(dockerfile, "DF234")
    assert [line for line, _ in found] == [2, 3]
    assert found[0][1].startswith("Every path `*.log` matches is excluded")
    # an exception may bring part of vendor/ back; a glob matching nothing is not judged


def test_df234_variables_onbuild_and_unknown_contexts(tmp_path: Path) -> None:
    text = (
        "FROM alpine:3.20\n"
        "ARG DIR=secrets\n"
        "ARG UNSET\n"
        "COPY $DIR/key /k\n"
        "COPY $UNSET/key /k\n"
        "ONBUILD COPY secrets/key /k\n"
    )
    dockerfile = make_context(tmp_path, {".dockerignore": "secrets\n"}, text)
    assert lines(dockerfile, "DF234") == [4]  # the known ARG is expanded; a trigger copies downstream
    assert lines("-", "DF234", text) == []
    assert lines(tmp_path / "elsewhere" / "Dockerfile", "DF234", text) == []
    assert lines(dockerfile, "DF234", "FROM alpine:3.20\nCOPY secrets/key /k\n") == [2]


def test_df234_inline_files_are_not_sources(tmp_path: Path) -> None:
    dockerfile = make_context(
        tmp_path,
        {".dockerignore": ".env\n"},
        "FROM alpine:3.20\nCOPY <<EOF /app/.env\nMODE=prod\nEOF\nCOPY <<EOF .env /app/\nx\nEOF\n",
    )
    assert lines(dockerfile, "DF234") == [5]  # the heredoc is no source; the `.env` beside it is


def test_df234_with_a_configured_context(tmp_path: Path) -> None:
    make_context(tmp_path, {".dockerignore": "build/\n", "docker/": ""})
    dockerfile = tmp_path / "docker" / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nCOPY build/app /app\n")
    assert lines(dockerfile, "DF234") == []  # docker/ has no ignore file
    assert lines(dockerfile, "DF234", context="..") == [2]


# -- DF231 unfiltered-context-copy ------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, "has no .dockerignore"),
        ({".dockerignore": "*.pyc\n", ".git/HEAD": ""}, "copies `.git`: .dockerignore does not exclude it"),
        (
            {".dockerignore": "*.log\n", ".git/HEAD": "", "package.json": "{}"},
            "copies `.git` and `node_modules`: .dockerignore does not exclude them",
        ),
        ({".dockerignore": ".git\n", ".git/HEAD": "", "package.json": "{}"}, "copies `node_modules`"),
        ({".dockerignore": "**/.git\n**/node_modules\n", ".git/HEAD": "", "package.json": "{}"}, None),
        ({".dockerignore": "*\n!src\n!package.json\n", ".git/HEAD": "", "package.json": "{}"}, None),
        ({".dockerignore": ".git/\nnode_modules/\n", ".git/HEAD": "", "package.json": "{}"}, None),
        # no .git in this context (a subdirectory of the repository) and no package.json
        ({".dockerignore": "*.pyc\n"}, None),
    ],
)
def test_df231(tmp_path: Path, files: dict[str, str], expected: str | None) -> None:
    dockerfile = make_context(tmp_path, files, "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n")
    found = lint(dockerfile, "DF231")
    if expected is None:
        assert found == []
    else:
        [(line, message)] = found
        assert line == 3 and expected in message


def test_df231_forms_that_copy_the_whole_context(tmp_path: Path) -> None:
    dockerfile = make_context(
        tmp_path,
        {".git/HEAD": ""},
        "FROM alpine:3.20\n"
        "COPY ./ /app/\n"
        "ADD / /srv\n"
        'COPY [".", "/opt"]\n'
        "COPY app.py /app/\n"
        "COPY --from=build . /b\n"
        "ONBUILD COPY . /c\n"
        "COPY --exclude=.git . /d\n",
    )
    assert lines(dockerfile, "DF231") == [2, 3, 4]  # --exclude keeps .git out of the last one
    assert lines("<stdin>", "DF231", dockerfile.read_text()) == []


def test_df231_reads_the_dockerfile_specific_ignore_file(tmp_path: Path) -> None:
    make_context(tmp_path, {".git/HEAD": "", "web.Dockerfile.dockerignore": ".git\n"})
    (tmp_path / "web.Dockerfile").write_text("FROM alpine:3.20\nCOPY . /app\n")
    assert lines(tmp_path / "web.Dockerfile", "DF231") == []
    assert (
        "no .dockerignore" in lint(tmp_path / "Dockerfile", "DF231", "FROM alpine:3.20\nCOPY . /app\n")[0][1]
    )


# -- DF230 source-copied-before-install: detection ----------------------------------------

UNKNOWN = "Dockerfile"  # linted under a name with no file: the context cannot be read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # continuation lines, && at line starts, set -eux prefix, a nested sh -c
        (
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN set -eux; \\\n    pip install \\\n"
            "        --no-cache-dir -r requirements.txt\n",
            [3],
        ),
        ("FROM node:22\nCOPY . /srv\nRUN sh -c 'cd /srv && npm ci'\n", [2]),
        ("FROM node:22\nCOPY . /srv\nRUN sh -c 'cd /elsewhere && npm ci'\n", []),
        ("FROM node:22\nCOPY . /srv\nRUN npm --prefix /srv ci\n", [2]),
        ("FROM node:22\nCOPY . /srv\nRUN (cd /srv && yarn install --frozen-lockfile)\n", [2]),
        # a heredoc script
        ("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nset -e\nnpm ci\nEOF\n", [3]),
        # ONBUILD triggers are checked among themselves
        ("FROM node:22\nONBUILD COPY . /app\nONBUILD WORKDIR /app\nONBUILD RUN npm install\n", [2]),
        ("FROM node:22\nONBUILD COPY . /app\nWORKDIR /app\nRUN npm install\n", []),
        # a cache mount keeps the downloads: not reported
        (
            "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n",
            [],
        ),
        # the good pattern, and a later install once the dependencies are in
        (
            "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
            "COPY . .\nRUN pip install --no-deps -e .\n",
            [],
        ),
        (
            "FROM rust:1.82\nWORKDIR /app\nCOPY Cargo.toml Cargo.lock ./\n"
            "RUN mkdir src && echo 'fn main(){}' > src/main.rs && cargo build --release\n"
            "COPY . .\nRUN cargo build --release\n",
            [],
        ),
        # the manifest copied first, then everything, then the install: still re-run
        (
            "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\nRUN pip install -r requirements.txt\n",
            [4],
        ),
        # another stage's COPY does not invalidate this stage's install
        (
            "FROM node:22 AS src\nCOPY . /app\nFROM node:22\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\n",
            [],
        ),
        # a stage built FROM another inherits its WORKDIR and its installed dependencies
        (
            "FROM python:3.12 AS deps\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
            "FROM deps\nCOPY . .\nRUN pip install -r requirements.txt\n",
            [],
        ),
        (
            "FROM python:3.12 AS base\nWORKDIR /app\nCOPY . .\nFROM base\nRUN pip install -r requirements.txt\n",
            [],
        ),
        (
            "FROM python:3.12 AS base\nWORKDIR /app\nFROM base\nCOPY . .\nRUN pip install -r /app/requirements.txt\n",
            [4],
        ),
        # a directory holding the manifest, and one that (probably) does not
        ("FROM node:22\nWORKDIR /app\nCOPY web/ ./\nRUN npm ci\n", [3]),
        (
            "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nCOPY static/ ./\n"
            "RUN pip install -r requirements.txt\n",
            [],
        ),
        # a named registry package, a variable destination, a --from copy
        ("FROM python:3.12\nCOPY . /app\nRUN pip install flask==3.0.3\n", []),
        ("FROM python:3.12\nARG DEST\nCOPY . $DEST\nRUN pip install -r /app/requirements.txt\n", []),
        ("FROM python:3.12\nCOPY --from=build /src /app\nRUN pip install -r /app/requirements.txt\n", []),
        # relative WORKDIRs and an unknown base directory still compare
        (
            "FROM python:3.12\nWORKDIR /srv\nWORKDIR app\nCOPY . .\nRUN cd /srv/app || true; pip install -r requirements.txt\n",
            [4],
        ),
        ("FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n", [2]),
        ("FROM python:3.12\nCOPY . .\nRUN pip install -r /requirements.txt\n", []),
        # cargo-chef builds the dependencies from a recipe before the source arrives
        (
            "FROM rust:1.82 AS chef\nRUN cargo install cargo-chef\nWORKDIR /b\n"
            "FROM chef AS planner\nCOPY . .\nRUN cargo chef prepare --recipe-path recipe.json\n"
            "FROM chef\nCOPY --from=planner /b/recipe.json recipe.json\n"
            "RUN cargo chef cook --release --recipe-path recipe.json\nCOPY . .\nRUN cargo build --release\n",
            [],
        ),
        # one finding per ecosystem
        ("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN cd web && npm ci\n", [3]),
        (
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
            "RUN go mod download\n",
            [3, 3],
        ),
    ],
)
def test_df230_detection(text: str, expected: list[int]) -> None:
    assert lines(UNKNOWN, "DF230", text) == expected


@pytest.mark.parametrize(
    ("command", "manifests"),
    [
        ("pip install -r requirements.txt -c constraints.txt", "`requirements.txt` and `constraints.txt`"),
        ("python3 -m pip install -r req/base.txt", "`req/base.txt`"),
        ("uv pip install -r requirements.txt", "`requirements.txt`"),
        ("uv pip sync requirements.lock", "`requirements.lock`"),
        ("pipenv install --deploy --system", "`Pipfile` and `Pipfile.lock`"),
        ("poetry install --no-root", "`pyproject.toml` and `poetry.lock`"),
        ("uv sync --frozen --no-install-project", "`pyproject.toml` and `uv.lock`"),
        ("npm ci", "`package.json` and `package-lock.json`"),
        ("npm install", "`package*.json`"),
        ("yarn", "`package.json` and `yarn.lock`"),
        ("pnpm install --frozen-lockfile", "`package.json` and `pnpm-lock.yaml`"),
        ("pnpm fetch --prod", "`pnpm-lock.yaml`"),
        ("go mod download", "`go.mod` and `go.sum`"),
        ("bundle install --jobs 4", "`Gemfile` and `Gemfile.lock`"),
        ("composer install --no-scripts --no-autoloader", "`composer.json` and `composer.lock`"),
        ("mvn -B dependency:go-offline", "`pom.xml`"),
        ("./mvnw dependency:go-offline", "`pom.xml`, `mvnw` and `.mvn`"),
    ],
)
def test_df230_names_the_manifests_the_command_reads(command: str, manifests: str) -> None:
    [(_, message)] = lint(UNKNOWN, "DF230", f"FROM base:1\nWORKDIR /app\nCOPY . .\nRUN {command}\n")
    assert f"copy {manifests} first" in message


@pytest.mark.parametrize(
    ("command", "label"),
    [
        ("pipenv install --deploy --system", "pipenv install"),
        ("python3 -m pip install -r r.txt", "pip install"),
        ("yarn --frozen-lockfile", "yarn"),
        ("./mvnw -B dependency:go-offline", "./mvnw -B dependency:go-offline"),
        ("poetry install --no-root", "poetry install --no-root"),
        ("go mod download -x", "go mod download"),
    ],
)
def test_df230_names_the_install(command: str, label: str) -> None:
    [(_, message)] = lint(UNKNOWN, "DF230", f"FROM base:1\nWORKDIR /app\nCOPY . .\nRUN {command}\n")
    assert message.startswith(f"`COPY .` comes before `{label}` (line 4): ")


@pytest.mark.parametrize(
    ("command", "hint"),
    [
        ("pip install .", "from a requirements or lock file"),
        ("pip install -r requirements.txt -e .", "`pip install -r requirements.txt`"),
        ("poetry install", "`poetry install --no-root`"),
        ("uv sync --frozen", "`uv sync --no-install-project`"),
        ("composer install", "`composer install --no-scripts --no-autoloader`"),
        ("cargo build --release", "with a stub `src/main.rs`, or with cache mounts"),
        ("mvn -B package", "`mvn dependency:go-offline`"),
    ],
)
def test_df230_installs_that_need_the_source_are_reported_without_a_fix(command: str, hint: str) -> None:
    text = f"FROM base:1\nWORKDIR /app\nCOPY . .\nRUN {command}\n"
    result = lint_text(text, UNKNOWN, settings("DF230"))
    [d] = result.diagnostics
    assert f"install the dependencies alone ({hint})" in d.message and d.fix is None


# -- DF230: the fix, byte for byte ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tabs and a 4-space indent, `\` at column 80, `&&` at line starts: the RUN is kept as
        # written and the COPY lands after its last line
        (
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN\tpip install --upgrade pip \\\n"
            '\t&& pip install -r requirements.txt\nCMD ["python"]\n',
            "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN\tpip install --upgrade pip \\\n"
            '\t&& pip install -r requirements.txt\nCOPY . .\nCMD ["python"]\n',
        ),
        (
            "FROM python:3.12\nCOPY . /app\nRUN set -eux; \\\n    cd /app; \\\n"
            + "    pip install --no-cache-dir -r requirements.txt;".ljust(78)
            + " \\\n    rm -rf /root/.cache\n",
            "FROM python:3.12\nCOPY requirements.txt /app/\nRUN set -eux; \\\n    cd /app; \\\n"
            + "    pip install --no-cache-dir -r requirements.txt;".ljust(78)
            + " \\\n    rm -rf /root/.cache\nCOPY . /app\n",
        ),
        # CRLF line ends and a last line without one
        (
            "FROM node:22\r\nWORKDIR /app\r\nCOPY --link . .\r\nRUN npm ci",
            "FROM node:22\r\nWORKDIR /app\r\nCOPY --link package.json package-lock.json ./\r\nRUN npm ci\r\n"
            "COPY --link . .",
        ),
        # a heredoc RUN: the COPY goes after the terminator
        (
            'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nset -e\nnpm ci\nEOF\nCMD ["node", "s.js"]\n',
            "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN <<EOF\nset -e\nnpm ci\nEOF\n"
            'COPY . .\nCMD ["node", "s.js"]\n',
        ),
        # the manifest was already copied: the broad COPY only moves (its comment stays)
        (
            "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\n# everything\nCOPY . .\n"
            "RUN pip install -r requirements.txt\n",
            "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\n# everything\n"
            "RUN pip install -r requirements.txt\nCOPY . .\n",
        ),
        # ONBUILD triggers, the escape directive and a continued COPY moved verbatim
        (
            "# escape=`\nFROM node:22\nONBUILD COPY . `\n    /app/\nONBUILD RUN cd /app && npm install\n",
            "# escape=`\nFROM node:22\nONBUILD COPY package*.json /app/\n"
            "ONBUILD RUN cd /app && npm install\nONBUILD COPY . `\n    /app/\n",
        ),
        # RUNs that leave the copied files alone stand between them
        (
            "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm i -g serverless@3.39.0\n"
            "RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\nRUN npm ci\n",
            "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm i -g serverless@3.39.0\n"
            "RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\nRUN npm ci\nCOPY . .\n",
        ),
        # lower-case keywords, an ADD and a directory source
        (
            "from golang:1.23\nworkdir /src\nadd ./service/ .\nrun go mod download\n",
            "from golang:1.23\nworkdir /src\ncopy service/go.mod service/go.sum ./\nrun go mod download\n"
            "add ./service/ .\n",
        ),
    ],
)
def test_df230_fix(text: str, expected: str) -> None:
    assert fixed(UNKNOWN, "DF230", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a RUN between them, or an install RUN that also builds
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN echo hi\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
        # removing what the COPY brings must still happen after it
        "FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements.txt && rm -rf /app/tests\n",
        # a relative destination would change after the WORKDIR
        "FROM node:22\nWORKDIR /srv\nCOPY . .\nWORKDIR /srv\nRUN npm ci\n",
        # a variable in the COPY with an ENV between
        "FROM node:22\nARG APP=/app\nCOPY . $APP\nENV APP=/srv\nRUN cd /app && npm ci\n",
        # the manifest lands below the destination, not in it
        "FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements/base.txt\n",
        # exec-form and --exclude COPYs are left alone
        'FROM python:3.12\nWORKDIR /app\nCOPY [".", "."]\nRUN pip install -r requirements.txt\n',
        "FROM python:3.12\nWORKDIR /app\nCOPY --exclude=*.md . .\nRUN pip install -r requirements.txt\n",
    ],
)
def test_df230_reported_but_not_fixed(text: str) -> None:
    [d] = lint_text(text, UNKNOWN, settings("DF230")).diagnostics
    assert d.fix is None
    assert fixed(UNKNOWN, "DF230", text) == text


# -- DF230 with a readable context ----------------------------------------------------------


def test_df230_lists_the_manifests_the_context_has(tmp_path: Path) -> None:
    dockerfile = make_context(
        tmp_path,
        {
            ".dockerignore": ".git\nnode_modules\n.npmrc\n",
            "package.json": '{"scripts": {"start": "node s.js"}}',
            "npm-shrinkwrap.json": "{}",
            ".npmrc": "registry=x\n",
            "s.js": "",
        },
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
    )
    [(_, message)] = lint(dockerfile, "DF230")
    # no package-lock.json here; .npmrc is kept out by .dockerignore
    assert "copy `package.json` and `npm-shrinkwrap.json` first" in message
    assert fixed(dockerfile, "DF230") == (
        "FROM node:22\nWORKDIR /app\nCOPY package.json npm-shrinkwrap.json ./\nRUN npm ci\nCOPY . .\n"
    )


def test_df230_silent_when_the_context_lacks_the_manifest(tmp_path: Path) -> None:
    dockerfile = make_context(
        tmp_path, {"app.py": ""}, "FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n"
    )
    assert lint(dockerfile, "DF230") == []
    ignored = make_context(
        tmp_path / "b", {"requirements.txt": "", ".dockerignore": "*.txt\n"}, dockerfile.read_text()
    )
    assert lint(ignored, "DF230") == []


def test_df230_finds_a_directory_holding_the_manifest_only_when_it_does(tmp_path: Path) -> None:
    text = "FROM python:3.12\nWORKDIR /app\nCOPY static/ ./\nRUN pip install -r requirements.txt\n"
    without = make_context(tmp_path / "a", {"static/style.css": "", "requirements.txt": ""}, text)
    assert lint(without, "DF230") == []
    holding = make_context(tmp_path / "b", {"static/requirements.txt": ""}, text)
    assert lines(holding, "DF230") == [3]


@pytest.mark.parametrize(
    ("files", "command"),
    [
        ({"package.json": '{"scripts": {"postinstall": "node build.js"}}'}, "npm ci"),
        ({"package.json": '{"workspaces": ["web"]}'}, "npm ci"),
        ({"package.json": "{}", "node_modules/x/index.js": ""}, "npm ci"),
        ({"package.json": "{}", ".yarnrc.yml": ""}, "yarn install"),
        ({"requirements.txt": "-e .\nflask\n"}, "pip install -r requirements.txt"),
        ({"requirements.txt": "-r base.txt\n", "base.txt": "flask\n"}, "pip install -r requirements.txt"),
        ({"Gemfile": "source 'https://rubygems.org'\ngemspec\n", "Gemfile.lock": ""}, "bundle install"),
        ({"go.mod": "", "go.work": ""}, "go mod download"),
        (
            {"pom.xml": "<project><modules><module>a</module></modules></project>"},
            "mvn dependency:go-offline",
        ),
    ],
)
def test_df230_no_fix_when_the_context_shows_more_is_needed(
    tmp_path: Path, files: dict[str, str], command: str
) -> None:
    dockerfile = make_context(tmp_path, files, f"FROM base:1\nWORKDIR /app\nCOPY . .\nRUN {command}\n")
    [d] = lint_text(dockerfile.read_text(), str(dockerfile), settings("DF230")).diagnostics
    assert d.fix is None


def test_df230_fix_with_a_clean_context(tmp_path: Path) -> None:
    dockerfile = make_context(
        tmp_path,
        {"requirements.txt": "flask==3.0.3\n", ".dockerignore": ".git\n", "app.py": ""},
        "FROM python:3.12-slim\nCOPY --chown=app:app . /srv/app\nUSER app\nWORKDIR /srv/app\n"
        "RUN pip install --user -r requirements.txt\n",
    )
    assert fixed(dockerfile, "DF230") == (
        "FROM python:3.12-slim\nCOPY --chown=app:app requirements.txt /srv/app/\nUSER app\nWORKDIR /srv/app\n"
        "RUN pip install --user -r requirements.txt\nCOPY --chown=app:app . /srv/app\n"
    )


# -- the command line ---------------------------------------------------------------------


def test_cli_reads_the_context_of_the_dockerfile(tmp_path: Path) -> None:
    make_context(tmp_path, {".dockerignore": ".env\n", "requirements.txt": "flask\n", ".git/HEAD": ""})
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCOPY .env ./\nRUN pip install -r requirements.txt\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "dflint", "--select", "DF230,DF231,DF234", str(dockerfile)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "3:6: DF230" in run.stdout
    assert "3:6: DF231 `COPY .` copies `.git`: .dockerignore does not exclude it" in run.stdout
    assert "4:6: DF234 `.env` is excluded by .dockerignore (line 1: `.env`)" in run.stdout
    piped = subprocess.run(
        [sys.executable, "-m", "dflint", "--select", "DF231,DF234", "-"],
        input=dockerfile.read_text(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert "DF231" not in piped.stdout and "DF234" not in piped.stdout  # standard input: no context
