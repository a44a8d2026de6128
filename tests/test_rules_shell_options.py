"""Shell options and tool flags (DF423 useradd-without-l, DF424 wget-without-progress,
DF427 pipe-without-pipefail): the commands found through continuations, heredocs,
``set -eux;``, ``sh -c``, ONBUILD and stages, and the fixes compared byte for byte in
the file's own style (tabs, indents, ``&&`` at line starts, CRLF, backtick escape)."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()


def _settings(rule: str) -> Settings:
    return Settings(rules=RULES, enabled=frozenset({rule}))


def found(text: str, rule: str) -> list[int]:
    result = lint_text(text, "Dockerfile", _settings(rule))
    assert not result.internal_errors
    return [d.start.line for d in result.diagnostics]


def spans(text: str, rule: str) -> list[str]:
    """The text each finding points at."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def offset(location) -> int:  # type: ignore[no-untyped-def]
        return starts[location.line - 1] + location.column - 1

    return [
        text[offset(d.start) : offset(d.end)]
        for d in lint_text(text, "Dockerfile", _settings(rule)).diagnostics
    ]


def fixable(text: str, rule: str) -> list[bool]:
    return [d.fix is not None for d in lint_text(text, "Dockerfile", _settings(rule)).diagnostics]


def fixed(text: str, rule: str) -> str:
    """The text after --fix --unsafe-fixes, checked to parse and to leave nothing to fix."""
    out = fix_text(text, "Dockerfile", _settings(rule), Applicability.UNSAFE)
    assert not out.errors
    assert parse(out.text).code == out.text
    again = lint_text(out.text, "Dockerfile", _settings(rule)).diagnostics
    assert not any(d.fix for d in again)
    return out.text


# -- DF423 useradd-without-l ---------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("useradd -u 123456 app", [2]),
        ("useradd -u123456 app", [2]),
        ("useradd --uid 123456 app", [2]),
        ("useradd --uid=123456 app", [2]),
        ("useradd -mu 123456 app", [2]),
        ("set -eux; useradd -u 100000 app", [2]),
        ("sh -c 'useradd -u 123456 app'", [2]),
        ("sudo useradd -u 123456 app", [2]),
        ("/usr/sbin/useradd -u 123456 app", [2]),
        ("groupadd -g 123456 app && useradd -u 123456 -g app app || true", [2]),
        # not reported
        ("useradd -l -u 123456 app", []),
        ("useradd --no-log-init --uid 123456 app", []),
        ("useradd -lu 123456 app", []),
        ("useradd -u 99999 app", []),
        ("useradd app", []),
        ("adduser -u 123456 -D app", []),  # BusyBox adduser has no lastlog
        ('useradd -u "$UNKNOWN_UID" app', [2]),  # only the build knows: may be high
    ],
)
def test_useradd_uid_and_flag(run: str, expected: list[int]) -> None:
    assert found(f"FROM debian:bookworm\nRUN {run}\n", "DF423") == expected


def test_useradd_uid_from_arg_env_or_the_script() -> None:
    text = "FROM debian:bookworm\nARG APP_UID=200000\nENV LOW=1000\nRUN useradd -u ${APP_UID} a\n"
    assert found(text, "DF423") == [4]
    [message] = [d.message for d in lint_text(text, "Dockerfile", _settings("DF423")).diagnostics]
    assert "UID 200000" in message and "about 65 MB" in message
    [message] = [
        d.message
        for d in lint_text(
            "FROM debian:bookworm\nRUN useradd -u 1885580785 a\n", "Dockerfile", _settings("DF423")
        ).diagnostics
    ]
    assert "about 611 GB" in message
    assert found("FROM debian:bookworm\nENV LOW=1000\nRUN useradd -u $LOW a\n", "DF423") == []
    # the script sets the variable itself: its value is not the ARG's
    assert found("FROM debian:bookworm\nARG U=200000\nRUN U=5; useradd -u $U a\n", "DF423") == []
    assert found("FROM debian:bookworm\nARG U=200000\nRUN export U=5 && useradd -u $U a\n", "DF423") == []
    # an ARG without a default: only the build knows, and it may be high (as hadolint)
    assert found("FROM debian:bookworm\nARG U\nRUN useradd -u $U a\n", "DF423") == [3]
    [message] = [
        d.message
        for d in lint_text(
            "FROM debian:bookworm\nARG U\nRUN useradd -u $U a\n", "Dockerfile", _settings("DF423")
        ).diagnostics
    ]
    assert "if the build passes a high UID" in message


def test_useradd_heredoc_onbuild_and_stages() -> None:
    heredoc = "FROM debian:bookworm\nRUN <<EOF\nset -e\nuseradd -u 123456 app\nEOF\n"
    assert found(heredoc, "DF423") == [4]
    assert (
        fixed(heredoc, "DF423") == "FROM debian:bookworm\nRUN <<EOF\nset -e\nuseradd -l -u 123456 app\nEOF\n"
    )
    onbuild = "FROM debian:bookworm\nONBUILD RUN useradd -u 123456 app\n"
    assert found(onbuild, "DF423") == [2]
    # a builder stage's layers are written too
    builder = "FROM debian:bookworm AS build\nRUN useradd -u 123456 b\nFROM debian:bookworm\nCOPY --from=build /etc/passwd /x\n"
    assert found(builder, "DF423") == [2]


def test_useradd_finding_spans_the_command() -> None:
    assert spans("FROM debian:bookworm\nRUN set -eux; sudo useradd -u 123456 app && true\n", "DF423") == [
        "useradd -u 123456 app"
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # tabs
            "FROM debian:bookworm\nRUN set -eux; \\\n\tgroupadd -g 123456 app; \\\n\tuseradd -u 123456 -g app app\n",
            "FROM debian:bookworm\nRUN set -eux; \\\n\tgroupadd -g 123456 app; \\\n\tuseradd -l -u 123456 -g app app\n",
        ),
        (  # 4 spaces, `&&` at line starts
            "FROM debian:bookworm\nRUN groupadd -g 123456 app \\\n    && useradd \\\n        -u 123456 app\n",
            "FROM debian:bookworm\nRUN groupadd -g 123456 app \\\n    && useradd -l \\\n        -u 123456 app\n",
        ),
        (  # CRLF
            "FROM debian:bookworm\r\nRUN groupadd -g 123456 app && \\\r\n    useradd -u 123456 app\r\n",
            "FROM debian:bookworm\r\nRUN groupadd -g 123456 app && \\\r\n    useradd -l -u 123456 app\r\n",
        ),
        (  # backtick escape
            "# escape=`\nFROM debian:bookworm\nRUN groupadd -g 123456 app && `\n    useradd -u 123456 app\n",
            "# escape=`\nFROM debian:bookworm\nRUN groupadd -g 123456 app && `\n    useradd -l -u 123456 app\n",
        ),
        (  # `\` at column 80 stays where it is: the flag goes after the command name
            "FROM debian:bookworm\nRUN useradd --uid 123456 --create-home --shell /bin/bash application-user      \\\n"
            "    && true\n",
            "FROM debian:bookworm\nRUN useradd -l --uid 123456 --create-home --shell /bin/bash application-user   \\\n"
            "    && true\n",
        ),
        (  # sh -c '...'
            "FROM debian:bookworm\nRUN sh -c 'useradd -u 123456 app'\n",
            "FROM debian:bookworm\nRUN sh -c 'useradd -l -u 123456 app'\n",
        ),
    ],
)
def test_useradd_fix_byte_for_byte(before: str, after: str) -> None:
    assert fixed(before, "DF423") == after


# -- DF424 wget-without-progress ---------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("wget https://example.com/a.tgz", [2]),
        ("wget -O /tmp/a.tgz https://example.com/a.tgz", [2]),
        ("wget -O- https://example.com/a.tgz | tar -xz", [2]),
        ("set -eux; wget https://example.com/a.tgz", [2]),
        ("sh -c 'wget https://example.com/a.tgz'", [2]),
        ("wget https://example.com/a.tgz 2>&1", [2]),  # stderr still goes to the log
        ("wget https://example.com/a.tgz 2>&1 >/dev/null", [2]),
        # hadolint's list
        ("wget --progress=dot:giga https://example.com/a.tgz", []),
        ("wget --progress=bar:force:noscroll https://example.com/a.tgz", []),
        ("wget -q https://example.com/a.tgz", []),
        ("wget -qO- https://example.com/a.tgz | tar -xz", []),
        ("wget --quiet https://example.com/a.tgz", []),
        ("wget -nv https://example.com/a.tgz", []),
        ("wget --no-verbose https://example.com/a.tgz", []),
        ("wget -o /tmp/log https://example.com/a.tgz", []),
        ("wget --output-file=/tmp/log https://example.com/a.tgz", []),
        ("wget -a /tmp/log https://example.com/a.tgz", []),
        ("wget --append-output=/tmp/log https://example.com/a.tgz", []),
        # dflint's additions
        ("wget -b https://example.com/a.tgz", []),
        ("wget --spider https://example.com/a.tgz", []),
        ("wget https://example.com/a.tgz 2>/dev/null", []),
        ("wget https://example.com/a.tgz >/dev/null 2>&1", []),
        ("wget https://example.com/a.tgz &>/tmp/log", [2]),  # sh: `wget ... &` then `>/tmp/log`
        ("curl -fsSLO https://example.com/a.tgz", []),
    ],
)
def test_wget_options(run: str, expected: list[int]) -> None:
    assert found(f"FROM debian:bookworm\nRUN {run}\n", "DF424") == expected


def test_wget_heredoc_onbuild_and_every_stage() -> None:
    heredoc = "FROM debian:bookworm\nRUN <<EOF\nset -eux\nwget https://example.com/a.tgz\nEOF\n"
    assert found(heredoc, "DF424") == [4]
    assert fixed(heredoc, "DF424") == heredoc.replace("wget ", "wget --progress=dot:giga ")
    assert found("FROM debian:bookworm\nONBUILD RUN wget https://example.com/a.tgz\n", "DF424") == [2]
    # build logs of builder stages fill up too
    builder = "FROM debian:bookworm AS build\nRUN wget https://example.com/a.tgz\nFROM scratch\nCOPY --from=build /a /a\n"
    assert found(builder, "DF424") == [2]


def test_wget_fix_only_where_wget_knows_progress() -> None:
    run = "RUN wget https://example.com/a.tgz\n"
    assert fixable("FROM debian:bookworm\n" + run, "DF424") == [True]
    for base in ("alpine:3.20", "busybox:1.36", "python:3.12-alpine", "docker:27-dind", "fedora:41"):
        assert fixable(f"FROM {base}\n" + run, "DF424") == [False], base
    # a stage built FROM an Alpine stage has BusyBox's wget too
    assert fixable("FROM alpine:3.20 AS base\nFROM base\n" + run, "DF424") == [False]
    # GNU wget installed before: from that command on
    text = "FROM alpine:3.20\nRUN wget https://example.com/x && apk add --no-cache wget && wget https://example.com/y\n"
    assert fixable(text, "DF424") == [False, True]
    assert fixed(text, "DF424") == text.replace(
        "wget https://example.com/y", "wget --progress=dot:giga https://example.com/y"
    )
    assert fixable("FROM debian:bookworm\nRUN busybox wget https://example.com/a.tgz\n", "DF424") == [False]
    [message] = [
        d.message for d in lint_text("FROM alpine:3.20\n" + run, "Dockerfile", _settings("DF424")).diagnostics
    ]
    assert "`-q`" in message


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # tabs
            "FROM debian:bookworm\nRUN set -eux; \\\n\twget -O /tmp/a.tgz https://example.com/a.tgz; \\\n\ttar -xzf /tmp/a.tgz\n",
            "FROM debian:bookworm\nRUN set -eux; \\\n\twget --progress=dot:giga -O /tmp/a.tgz https://example.com/a.tgz; \\\n"
            "\ttar -xzf /tmp/a.tgz\n",
        ),
        (  # 4 spaces, `&&` at line starts
            "FROM debian:bookworm\nRUN cd /tmp \\\n    && wget https://example.com/a.tgz \\\n    && tar -xzf a.tgz\n",
            "FROM debian:bookworm\nRUN cd /tmp \\\n    && wget --progress=dot:giga https://example.com/a.tgz \\\n    && tar -xzf a.tgz\n",
        ),
        (  # CRLF
            "FROM debian:bookworm\r\nRUN cd /tmp && \\\r\n    wget https://example.com/a.tgz\r\n",
            "FROM debian:bookworm\r\nRUN cd /tmp && \\\r\n    wget --progress=dot:giga https://example.com/a.tgz\r\n",
        ),
        (  # backtick escape, the command name alone on its line
            "# escape=`\nFROM debian:bookworm\nRUN cd /tmp && wget `\n    https://example.com/a.tgz\n",
            "# escape=`\nFROM debian:bookworm\nRUN cd /tmp && wget --progress=dot:giga `\n    https://example.com/a.tgz\n",
        ),
        (  # a cache mount changes nothing for the log
            "FROM debian:bookworm\nRUN --mount=type=cache,target=/var/cache/dl \\\n    wget -P /var/cache/dl https://example.com/a.tgz\n",
            "FROM debian:bookworm\nRUN --mount=type=cache,target=/var/cache/dl \\\n"
            "    wget --progress=dot:giga -P /var/cache/dl https://example.com/a.tgz\n",
        ),
        (  # trailing `;` style, two wgets
            "FROM debian:bookworm\nRUN wget https://example.com/a; \\\n    wget https://example.com/b;\n",
            "FROM debian:bookworm\nRUN wget --progress=dot:giga https://example.com/a; \\\n"
            "    wget --progress=dot:giga https://example.com/b;\n",
        ),
    ],
)
def test_wget_fix_byte_for_byte(before: str, after: str) -> None:
    assert fixed(before, "DF424") == after


# -- DF427 pipe-without-pipefail ---------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("curl -fsSL https://example.com/a.tgz | tar -xz", [2]),
        ("set -eux; curl -fsSL https://example.com/a.tgz | tar -xz", [2]),
        ("make 2>&1 |& tee build.log", [2]),
        ('ARCH="$(dpkg --print-architecture | cut -d- -f2)"', [2]),
        ("(cd /src && git ls-files | xargs wc -l)", [2]),
        ("! go mod tidy -v 2>&1 | grep .", [2]),
        ("cat list | while read -r p; do echo $p; done", [2]),
        ("echo start; (echo a | tar -x) | cat", [2]),  # the subshell, not `echo start`, feeds `cat`
        # pipefail set by the script, before the pipe, in the same shell
        ("set -o pipefail; curl -fsSL https://example.com/a.tgz | tar -xz", []),
        ("set -euo pipefail; curl -fsSL https://example.com/a.tgz | tar -xz", []),
        ("set -eux -o pipefail && curl -fsSL https://example.com/a.tgz | tar -xz", []),
        ("set -o errexit -o pipefail; curl -fsSL https://example.com/a.tgz | tar -xz", []),
        ("set -o pipefail; (curl -fsSL https://example.com/a.tgz | tar -xz)", []),
        # ... but not after it, not undone, not inside a construct the pipe is outside of
        ("curl -fsSL https://example.com/a.tgz | tar -xz; set -o pipefail", [2]),
        ("set -o pipefail; set +o pipefail; curl -fsSL https://example.com/a.tgz | tar -xz", [2]),
        ("(set -o pipefail); curl -fsSL https://example.com/a.tgz | tar -xz", [2]),
        ("if true; then set -o pipefail; fi; curl -fsSL https://example.com/a.tgz | tar -xz", [2]),
        ("set -o pipefail; sh -c 'curl -fsSL https://example.com/a.tgz | tar -xz'", [2]),
        # nested shells have their own options
        ("bash -o pipefail -c 'curl -fsSL https://example.com/a.tgz | tar -xz'", []),
        ("bash -euo pipefail -c 'curl -fsSL https://example.com/a.tgz | tar -xz'", []),
        ("sh -c 'set -o pipefail; curl -fsSL https://example.com/a.tgz | tar -xz'", []),
        # not pipes, or nothing for pipefail to catch
        ("curl -fsSLO https://example.com/a.tgz || true", []),
        # fed by builtins: reported as hadolint does (pipefail is set once for the stage)
        ('echo "$SHA256  a.tgz" | sha256sum -c -', [2]),
        ("printf '%s\\n' a b | xargs -n1 echo", [2]),
        ("yes | sdkmanager --licenses", [2]),
        ("{ echo '[x]'; echo 'a = 1'; } | tee /etc/x.conf", [2]),
        ("(echo a) | sha256sum -c -", [2]),
        ("{ echo '[x]'; cat /tmp/y; } | tee /etc/x.conf", [2]),
        ("echo 'root:x' | chpasswd && true", [2]),
    ],
)
def test_pipefail_in_the_script(run: str, expected: list[int]) -> None:
    assert found(f"FROM debian:bookworm\nRUN {run}\n", "DF427") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n', []),
        ('FROM debian:bookworm\nSHELL ["/usr/bin/bash", "-eo", "pipefail", "-c"]\nRUN a | b\n', []),
        ('FROM debian:bookworm\nSHELL ["/bin/ksh", "-o", "pipefail", "-c"]\nRUN a | b\n', []),
        ('FROM debian:bookworm\nSHELL ["/bin/bash", "-c"]\nRUN a | b\n', [3]),
        ('FROM debian:bookworm\nSHELL ["/bin/bash", "-O", "pipefail", "-c"]\nRUN a | b\n', [3]),
        # /bin/sh: dash rejects the option; BusyBox's ash has it
        ('FROM debian:bookworm\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n', [3]),
        ('FROM alpine:3.20\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n', []),
        ('FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN a | b\n', []),
        ('FROM mcr.microsoft.com/powershell\nSHELL ["pwsh", "-c"]\nRUN a | b\n', []),
        ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a | b\n", []),
        # a later SHELL without it; a stage built FROM another keeps its SHELL, a new one does not
        (
            'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nSHELL ["/bin/sh", "-c"]\nRUN a | b\n',
            [4],
        ),
        (
            'FROM debian:bookworm AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\n',
            [],
        ),
        (
            'FROM debian:bookworm AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian:bookworm\nRUN a | b\n',
            [4],
        ),
        # a heredoc script runs in the SHELL, unless its #! names an interpreter
        ("FROM debian:bookworm\nRUN <<EOF\nset -eux\na | b\nEOF\n", [4]),
        ('FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\na | b\nEOF\n', []),
        (
            'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\n#!/bin/bash\na | b\nEOF\n',
            [5],
        ),
        ("FROM debian:bookworm\nRUN <<EOF\n#!/usr/bin/env bash\nset -euo pipefail\na | b\nEOF\n", []),
        ("FROM debian:bookworm\nRUN bash <<EOF\nset -o pipefail\na | b\nEOF\n", []),
        ("FROM debian:bookworm\nRUN bash <<EOF\na | b\nEOF\n", [3]),
        # exec form runs its own shell
        (
            'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN ["sh", "-c", "a | b"]\n',
            [3],
        ),
        ('FROM debian:bookworm\nRUN ["sh", "-c", "set -o pipefail; a | b"]\n', []),
        # ONBUILD triggers like RUN; continuation lines
        ("FROM debian:bookworm\nONBUILD RUN a | b\n", [2]),
        ("FROM debian:bookworm\nRUN a \\\n    | b\n", [2]),
    ],
)
def test_pipefail_from_shell_and_stages(text: str, expected: list[int]) -> None:
    assert found(text, "DF427") == expected


def test_pipefail_finding_spans_the_first_pipeline_once_per_run() -> None:
    text = "FROM debian:bookworm\nRUN curl -fsSL https://example.com | sh && echo a | tee /x && a | b\n"
    assert spans(text, "DF427") == ["curl -fsSL https://example.com | sh"]
    [message] = [d.message for d in lint_text(text, "Dockerfile", _settings("DF427")).diagnostics]
    assert "`curl | sh`" in message and "`curl` fails" in message
    [message] = [
        d.message
        for d in lint_text(
            "FROM debian:bookworm\nRUN a | b | c\n", "Dockerfile", _settings("DF427")
        ).diagnostics
    ]
    assert "`a | ... | c`" in message


def test_pipefail_fix_inserts_shell_above_the_first_such_run() -> None:
    text = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y curl\n"
        "\n"
        "# fetch the app\n"
        "# hadolint ignore=DL3008\n"
        "RUN curl -fsSL https://example.com/a.tgz | tar -xz\n"
        "RUN curl -fsSL https://example.com/b.tgz | tar -xz\n"
    )
    assert fixable(text, "DF427") == [True, True]
    assert fixed(text, "DF427") == (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y curl\n"
        "\n"
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "# fetch the app\n"
        "# hadolint ignore=DL3008\n"
        "RUN curl -fsSL https://example.com/a.tgz | tar -xz\n"
        "RUN curl -fsSL https://example.com/b.tgz | tar -xz\n"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # lower-case instructions, tabs in the RUN
            "from debian:bookworm\nrun set -eux; \\\n\tcurl -fsSL https://example.com/a.tgz \\\n\t| tar -xz\n",
            'from debian:bookworm\nshell ["/bin/bash", "-o", "pipefail", "-c"]\nrun set -eux; \\\n'
            "\tcurl -fsSL https://example.com/a.tgz \\\n\t| tar -xz\n",
        ),
        (  # CRLF, 4 spaces and `&&` at line starts
            "FROM debian:bookworm\r\nRUN cd /opt \\\r\n    && curl -fsSL https://example.com/a.tgz | tar -xz\r\n",
            'FROM debian:bookworm\r\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\r\nRUN cd /opt \\\r\n'
            "    && curl -fsSL https://example.com/a.tgz | tar -xz\r\n",
        ),
        (  # backtick escape
            "# escape=`\nFROM debian:bookworm\nRUN cd /opt && `\n    curl -fsSL https://example.com/a.tgz | tar -xz\n",
            '# escape=`\nFROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN cd /opt && `\n'
            "    curl -fsSL https://example.com/a.tgz | tar -xz\n",
        ),
        (  # an indented RUN; a heredoc script without #!
            "FROM debian:bookworm\n  RUN <<EOF\nset -eux\ncurl -fsSL https://example.com/a.tgz | tar -xz\nEOF\n",
            'FROM debian:bookworm\n  SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n  RUN <<EOF\nset -eux\n'
            "curl -fsSL https://example.com/a.tgz | tar -xz\nEOF\n",
        ),
    ],
)
def test_pipefail_fix_byte_for_byte(before: str, after: str) -> None:
    assert fixed(before, "DF427") == after


def test_pipefail_fix_goes_to_the_stage_others_are_built_from() -> None:
    text = (
        "FROM debian:bookworm AS base\nRUN a | b\n"
        "FROM base AS app\nRUN c | d\n"
        "FROM debian:bookworm\nRUN e | f\n"
    )
    assert fixable(text, "DF427") == [True, False, True]
    assert fixed(text, "DF427") == (
        'FROM debian:bookworm AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n'
        "FROM base AS app\nRUN c | d\n"
        'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN e | f\n'
    )


@pytest.mark.parametrize(
    "text",
    [
        # a shell the file chose is not replaced
        'FROM debian:bookworm\nSHELL ["/bin/bash", "-c"]\nRUN a | b\n',
        'FROM debian:bookworm AS base\nSHELL ["/bin/sh", "-c"]\nFROM base\nRUN a | b\n',
        # no bash in the image
        "FROM alpine:3.20\nRUN a | b\n",
        "FROM busybox:1.36\nRUN a | b\n",
        "FROM node:22-alpine AS base\nFROM base\nRUN a | b\n",
        "FROM scratch\nRUN a | b\n",
        "FROM gcr.io/distroless/base-debian12:debug\nRUN a | b\n",
        # the SHELL cannot reach it: a nested shell, a #! script, exec form, a trigger
        "FROM debian:bookworm\nRUN sh -c 'a | b'\n",
        "FROM debian:bookworm\nRUN <<EOF\n#!/bin/sh\na | b\nEOF\n",
        'FROM debian:bookworm\nRUN ["sh", "-c", "a | b"]\n',
        "FROM debian:bookworm\nONBUILD RUN a | b\n",
        # pipefail would break a later `yes |` (here, and in a stage built FROM this one)
        "FROM debian:bookworm\nRUN a | b\nRUN yes | apt-get install foo\n",
        "FROM debian:bookworm AS base\nRUN a | b\nFROM base\nRUN yes | sdkmanager --licenses\n",
    ],
)
def test_pipefail_reported_without_fix(text: str) -> None:
    assert fixable(text, "DF427") and set(fixable(text, "DF427")) == {False}
    assert fixed(text, "DF427") == text


def test_pipefail_fix_after_bash_is_installed() -> None:
    text = "FROM alpine:3.20\nRUN apk add --no-cache bash curl\nRUN curl -fsSL https://example.com/a.tgz | tar -xz\n"
    assert fixed(text, "DF427") == (
        "FROM alpine:3.20\nRUN apk add --no-cache bash curl\n"
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN curl -fsSL https://example.com/a.tgz | tar -xz\n"
    )
    # installed in the same RUN as the pipe: the SHELL would run before bash exists
    same = "FROM alpine:3.20\nRUN apk add --no-cache bash curl && curl -fsSL https://example.com/a.tgz | tar -xz\n"
    assert fixable(same, "DF427") == [False]
    # the official bash image is Alpine with bash
    assert fixable("FROM bash:5.2\nRUN a | b\n", "DF427") == [True]
