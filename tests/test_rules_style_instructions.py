"""Hard cases for the instruction style rules DF601-DF611 (hadolint parity): continuation
lines, ONBUILD triggers (and those of a parent stage, which BuildKit runs first), ARG and
ENV expansion, quotes, exec form, heredocs, the escape directive, CRLF, and fixes
compared byte for byte."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()


def found(text: str, *rules: str) -> list[tuple[int, str]]:
    settings = Settings(rules=RULES, enabled=frozenset(rules))
    result = lint_text(text, "Dockerfile", settings)
    assert not result.internal_errors
    return [(d.start.line, d.rule) for d in result.diagnostics]


def spans(text: str, rule: str) -> list[str]:
    settings = Settings(rules=RULES, enabled=frozenset({rule}))
    return [text[d.offset : d.end_offset] for d in lint_text(text, "Dockerfile", settings).diagnostics]


def fixed(text: str, *rules: str, level: Applicability = Applicability.SAFE) -> str:
    settings = Settings(rules=RULES, enabled=frozenset(rules))
    out = fix_text(text, "Dockerfile", settings, level).text
    assert parse(out).code == out
    again = fix_text(out, "Dockerfile", settings, level)
    assert again.text == out and not again.fixed, "fixing the fixed text changes it again"
    return out


# -- DF601 relative-workdir ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nWORKDIR \\\n    app\n", [3]),  # reported at the path, after the continuation
        ("FROM debian:12\nWORKDIR 'app'\n", [2]),
        ('FROM debian:12\nENV D=srv/app\nWORKDIR "$D"\n', [3]),  # ENV expanded, quotes removed
        ("FROM debian:12\nENV D=/srv/app\nWORKDIR $D\n", []),
        ("FROM debian:12\nWORKDIR /app/$NAME\n", []),  # absolute whatever NAME is
        ("ARG D=app\nFROM debian:12\nWORKDIR $D\n", []),  # a global ARG is not seen without ARG D
        ("ARG D=app\nFROM debian:12\nARG D\nWORKDIR $D\n", [4]),
        # as hadolint: every relative WORKDIR, the later ones too
        ("FROM debian:12\nWORKDIR a\nWORKDIR b\nWORKDIR c\n", [2, 3, 4]),
        ("FROM debian:12\nWORKDIR $UNSET\nWORKDIR b\n", [3]),
        ("FROM debian:12\nWORKDIR app-${VERSION}\n", [2]),  # relative whatever VERSION is
        # the parent stage's ONBUILD WORKDIR runs first in the child stage
        ("FROM debian:12 AS base\nONBUILD WORKDIR /app\nFROM base\nWORKDIR src\n", [4]),
        # a trigger runs after every WORKDIR of its image, even a later one
        ("FROM debian:12\nONBUILD WORKDIR src\nWORKDIR /app\n", []),
        ("FROM debian:12\nONBUILD WORKDIR src\n", [2]),
        ("FROM debian:12\nONBUILD WORKDIR /app\nONBUILD WORKDIR src\n", []),
        # a stage built on another only through COPY --from does not inherit its WORKDIR
        ("FROM debian:12 AS a\nWORKDIR /a\nFROM debian:12\nWORKDIR b\n", [4]),
        ("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n", []),
        ("FROM debian:12\nWORKDIR c:\\app\n", []),  # hadolint's reading: a drive
        ("FROM debian:12\nWORKDIR \\app\n", [2]),  # the escape character goes: `app`
        ("# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR \\app\n", []),
    ],
)
def test_relative_workdir(text: str, lines: list[int]) -> None:
    assert [line for line, _ in found(text, "DF601")] == lines


def test_relative_workdir_spans_the_path_only() -> None:
    assert spans("FROM debian:12\nWORKDIR \\\n    app\n", "DF601") == ["app"]


# -- DF602-DF604 EXPOSE -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ports", "expected"),
    [
        ("0 65535 +80 8000-8010/tcp 53/udp 9/sctp 80-80", []),
        ("65536", ["65536"]),
        ("8000-70000/tcp", ["8000-70000/tcp"]),
        ("70000:80", ["70000:80"]),  # the host port too
        ("9000-8000", ["9000-8000"]),
        ("80/http", ["80/http"]),
        ("/tcp", ["/tcp"]),
        ("8080-8090:80-81", ["8080-8090:80-81"]),  # the ranges differ in size
        ("8080-8090:80", []),  # a host range for one port is allowed
        ("999.1.1.1:80:80", ["999.1.1.1:80:80"]),
        ("[::1]:80:80", []),
        ("80 abc 90000", ["abc"]),  # BuildKit stops at the first bad port
        ("${UNSET} 40000-${UNSET}", []),
    ],
)
def test_expose_invalid_port(ports: str, expected: list[str]) -> None:
    assert spans(f"FROM nginx:1.27\nEXPOSE {ports}\n", "DF602") == expected


def test_expose_invalid_port_expands_variables() -> None:
    text = 'FROM nginx:1.27\nARG PORTS="80 \\\n  99999"\nEXPOSE $PORTS\nONBUILD EXPOSE 99999\n'
    assert found(text, "DF602") == [(4, "DF602"), (5, "DF602")]
    assert found("FROM nginx:1.27\nARG PORT\nEXPOSE $PORT\n", "DF602") == []


def test_expose_inline_comment_is_a_port() -> None:
    [d] = lint_text(
        "FROM nginx:1.27\nEXPOSE 80 # web\n",
        "Dockerfile",
        Settings(rules=RULES, enabled=frozenset({"DF602"})),
    ).diagnostics
    assert "`#` starts a comment only at the start of a line" in d.message


def test_expose_host_mapping_fixes_in_place() -> None:
    text = "FROM nginx:1.27\r\nEXPOSE 80 \\\r\n\t127.0.0.1:8443:443/tcp \\\r\n    [::1]:9090:90\r\n"
    assert found(text, "DF603") == [(3, "DF603"), (4, "DF603")]
    assert fixed(text, "DF603") == "FROM nginx:1.27\r\nEXPOSE 80 \\\r\n\t443/tcp \\\r\n    90\r\n"


def test_expose_host_mapping_not_fixed_when_not_plain() -> None:
    text = 'FROM nginx:1.27\nARG HOST=8080\nEXPOSE "8080:80" $HOST:80 ONBUILD\nONBUILD EXPOSE 8081:81\n'
    assert found(text, "DF603") == [(3, "DF603"), (3, "DF603"), (4, "DF603")]
    assert fixed(text, "DF603") == text.replace("8081:81", "81")  # the plain trigger only


def test_expose_host_mapping_leaves_broken_ports_alone() -> None:
    text = "FROM nginx:1.27\nEXPOSE 8080-8090:80-81\n"
    assert found(text, "DF603") == [(2, "DF603")]
    assert fixed(text, "DF603") == text  # DF602's: the build fails either way


def test_expose_protocol_casing() -> None:
    text = 'FROM coredns/coredns:1.11.1\nEXPOSE 53/UDP "53/TCP" 9153/tcp\nONBUILD EXPOSE 8053/Udp\n'
    assert found(text, "DF604") == [(2, "DF604"), (2, "DF604"), (3, "DF604")]
    assert fixed(text, "DF604") == (
        'FROM coredns/coredns:1.11.1\nEXPOSE 53/udp "53/TCP" 9153/tcp\nONBUILD EXPOSE 8053/udp\n'
    )
    assert found("FROM nginx:1.27\nEXPOSE 80/HTTP\n", "DF604") == []  # not a protocol: DF602


def test_expose_host_mapping_and_casing_fix_together() -> None:
    text = "FROM nginx:1.27\nEXPOSE 8080:80/TCP\n"
    assert fixed(text, "DF603", "DF604") == "FROM nginx:1.27\nEXPOSE 80/tcp\n"


# -- DF605 copy-multiple-sources-dest ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tabs, a continuation, and CRLF are kept
        (
            "FROM node:22\r\nCOPY \\\r\n\tpackage.json \\\r\n\tyarn.lock \\\r\n\t/app\r\n",
            "FROM node:22\r\nCOPY \\\r\n\tpackage.json \\\r\n\tyarn.lock \\\r\n\t/app/\r\n",
        ),
        ("FROM node:22\nCOPY a b 'dir'\n", "FROM node:22\nCOPY a b 'dir/'\n"),
        ("FROM node:22\nENV D=/app\nCOPY a b ${D}\n", "FROM node:22\nENV D=/app\nCOPY a b ${D}/\n"),
        (
            'FROM node:22\nCOPY --chown=node ["a b", "c", "/app"]\n',
            'FROM node:22\nCOPY --chown=node ["a b", "c", "/app/"]\n',
        ),
        # heredoc sources count
        (
            "FROM alpine:3.20\nCOPY <<one <<two /etc/conf.d\nx\none\ny\ntwo\n",
            "FROM alpine:3.20\nCOPY <<one <<two /etc/conf.d/\nx\none\ny\ntwo\n",
        ),
        (
            "FROM alpine:3.20\nONBUILD ADD a.tgz b.tgz /opt\n",
            "FROM alpine:3.20\nONBUILD ADD a.tgz b.tgz /opt/\n",
        ),
        # under the backtick escape a Windows path gets a backslash
        (
            "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY a b C:\\app\n",
            "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY a b C:\\app\\\n",
        ),
    ],
)
def test_copy_multiple_sources_dest_fix(text: str, expected: str) -> None:
    assert len(found(text, "DF605")) == 1
    # unsafe: none of these destinations is known to be a directory already
    assert fixed(text, "DF605") == text
    assert fixed(text, "DF605", level=Applicability.UNSAFE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM node:22\nWORKDIR /app\nCOPY a b .\n", "FROM node:22\nWORKDIR /app\nCOPY a b ./\n"),
        ("FROM node:22\nWORKDIR /app\nCOPY a b /app\n", "FROM node:22\nWORKDIR /app\nCOPY a b /app/\n"),
        # a parent of a WORKDIR is a directory too; so is one an earlier stage made
        (
            "FROM node:22 AS base\nWORKDIR /srv/app/conf\nFROM base\nCOPY a b /srv/app\n",
            "FROM node:22 AS base\nWORKDIR /srv/app/conf\nFROM base\nCOPY a b /srv/app/\n",
        ),
    ],
)
def test_copy_multiple_sources_dest_fix_is_safe_into_a_known_directory(text: str, expected: str) -> None:
    assert fixed(text, "DF605") == expected


def test_copy_multiple_sources_dest_fix_is_unsafe_elsewhere() -> None:
    # a WORKDIR after the COPY, or a sibling of the WORKDIR, says nothing of the destination
    for text in (
        "FROM node:22\nCOPY a b /app\nWORKDIR /app\n",
        "FROM node:22\nWORKDIR /app\nCOPY a b /application\n",
    ):
        [d] = lint_text(text, "Dockerfile", Settings(rules=RULES, enabled=frozenset({"DF605"}))).diagnostics
        assert d.fix is not None and d.fix.applicability == Applicability.UNSAFE


def test_copy_multiple_sources_dest_reported_without_fix() -> None:
    # the last `"` is escaped: the destination is `dir"`, and no `/` can go before it
    text = 'FROM node:22\nCOPY a b dir\\"\n'
    assert found(text, "DF605") == [(2, "DF605")]
    assert fixed(text, "DF605") == text


@pytest.mark.parametrize(
    "text",
    [
        "FROM node:22\nCOPY a b /app/\n",
        "FROM node:22\nCOPY *.json /app\n",  # one source
        "FROM node:22\nARG DEST\nCOPY a b $DEST\n",  # the build decides
        "FROM node:22\nCOPY <<EOF /app/run.sh\necho\nEOF\n",
        'FROM node:22\nCOPY ["a", "b", "/app"];\n',  # a valid array, then a broken tail
        "FROM ruby:3.3\nENV APP_HOME /app/\nCOPY Gemfile *gemspec $APP_HOME\n",  # expands to `/app/`
        "FROM node:22\nRUN <<EOF\nCOPY a b c\nEOF\n",  # heredoc text is not an instruction
    ],
)
def test_copy_multiple_sources_dest_not_reported(text: str) -> None:
    assert found(text, "DF605") == []


@pytest.mark.parametrize(
    ("text", "dest"),
    [
        # not a JSON array: BuildKit (and hadolint) read words, `[--chown=bro:bro]` a source
        ("FROM zeek/zeek:7.0\nCOPY [--chown=bro:bro] . /tmp/zeek-bacnet\n", "/tmp/zeek-bacnet"),
        ('FROM debian:12\nCOPY --from=build ["/a.so", \\\n  "/b.a" \\\n  "/usr/lib"]\n', '"/usr/lib"]'),
        ("FROM debian:12\nADD [a, b, /app/]\n", "/app/]"),
    ],
)
def test_copy_multiple_sources_dest_broken_exec_form(text: str, dest: str) -> None:
    assert spans(text, "DF605") == [dest]
    assert fixed(text, "DF605") == text  # the array is what needs fixing


# -- DF606 relative-copy-dest-without-workdir ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM python:3.12\nCOPY \\\n  app.py \\\n  .\n", [4]),
        ("FROM python:3.12\nCOPY app.py /srv/\nCOPY x.py y.py\n", [3]),
        ("FROM python:3.12\nENV DEST=srv\nCOPY app.py $DEST\n", [3]),
        ("FROM python:3.12\nENV DEST=/srv\nCOPY app.py $DEST\n", []),
        ("FROM python:3.12\nCOPY app.py ${DEST}\n", []),
        ("FROM python:3.12\nCOPY app.py c:\\srv\\app.py\n", []),
        ('FROM python:3.12\nCOPY ["app.py", "srv/"]\n', [2]),
        ("FROM python:3.12\nCOPY --from=build /out bin/\n", [2]),
        # a relative WORKDIR counts as set (DF601 reports it)
        ("FROM python:3.12\nWORKDIR app\nCOPY app.py .\n", []),
        # the WORKDIR comes after: the COPY is still relative to the base image's
        ("FROM python:3.12\nCOPY app.py .\nWORKDIR /app\n", [2]),
        # a trigger runs after the whole image, whose WORKDIR it inherits
        ("FROM python:3.12\nONBUILD COPY . .\nWORKDIR /app\n", []),
        ("FROM python:3.12\nONBUILD COPY . .\nONBUILD WORKDIR /app\n", [2]),
        ("FROM python:3.12\nONBUILD WORKDIR /app\nONBUILD COPY . .\n", []),
        # the parent stage's triggers run at the start of the child stage
        ("FROM python:3.12 AS base\nONBUILD WORKDIR /app\nFROM base\nCOPY . .\n", []),
        ("FROM python:3.12 AS base\nONBUILD WORKDIR /app\nCOPY . .\n", [3]),
        ("FROM python:3.12 AS base\nWORKDIR /app\nFROM base AS mid\nFROM mid\nCOPY . .\n", []),
        ("FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install x\nCOPY . .\n", [3]),
        # relative whatever the build gives the variable (hadolint reports it too)
        ("FROM alpine:3.20\nARG V\nCOPY v-${V}.zip v-${V}.zip\n", [3]),
        ('FROM alpine:3.20\nCOPY v.zip "v-${V}/"\n', [2]),
        ("FROM alpine:3.20\nENV HOME_DIR=~/src\nCOPY . $HOME_DIR\n", [3]),  # no `~` expansion
        # ADD is not checked, as in hadolint (DF232 asks for COPY)
        ("FROM python:3.12\nADD requirements.txt .\n", []),
        ("FROM python:3.12\nONBUILD ADD . app\n", []),
        # a Windows drive is absolute, as hadolint reads it
        ("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY hello.txt C:\n", []),
        ("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nENV D=c:\nCOPY hello.txt $D\n", []),
        # a placeholder the build fills
        ('FROM php:8.3-apache\nARG approot=""\nCOPY "dist/" "$approot"\n', []),
        # a broken exec form is words: `"/usr/lib"]` is absolute, `app]` relative
        ('FROM debian:12\nCOPY ["a" "/usr/lib"]\n', []),
        ("FROM debian:12\nCOPY [a, app]\n", [2]),
        ("COPY a b\nFROM debian:12\n", []),  # before FROM: DF609
    ],
)
def test_relative_copy_dest_without_workdir(text: str, lines: list[int]) -> None:
    assert [line for line, _ in found(text, "DF606")] == lines


# -- DF607 env-self-reference -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nENV A=1 \\\n    B=$A\n", [3]),
        ("FROM debian:12\nENV A=1 B='$A' C=\\$A D=$AB\n", []),  # quoted, escaped, another name
        ("FROM debian:12\nENV A=1 B=${A:-x} C=${A}\n", [2, 2]),
        ("FROM debian:12\nENV A=1\nENV B=$A\n", []),
        ("FROM debian:12\nENV PATH=/opt/bin:$PATH\n", []),
        ("FROM debian:12\nENV PATH=/a:$PATH PATH=/b:$PATH\n", [2]),
        # an ARG re-exported unchanged: both read the same value
        ("FROM debian:12\nARG V=1\nENV V=$V URL=https://x/$V\n", []),
        ("FROM debian:12\nARG V\nENV V=${V} URL=https://x/$V\n", []),
        ("FROM debian:12\nENV V=1\nENV V=1 URL=https://x/$V\n", []),
        ('FROM debian:12\nENV N="${N:-x}" \\\n    H="/d/${N:-x}"\n', []),  # the same default twice
        ("FROM debian:12\nENV N=${N:-x} H=/d/$N\n", [2]),  # empty if N was unset
        ("FROM debian:12\nENV N=${N:-x} H=${N:+y}\n", [2]),  # y only if N was set before
        ("FROM debian:12\nENV L=/a L=$L:/b L=$L:/c\n", [2, 2]),
        # hadolint accepts a name set before the ENV; its old value is still the one read
        ("FROM debian:12\nENV V=1\nENV V=2 URL=https://x/$V\n", [3]),
        ("FROM debian:12\nONBUILD ENV A=1 B=$A\n", [2]),
        ("FROM debian:12\nENV A 1 B=$A\n", []),  # the legacy form: one pair, `1 B=$A` is A's value
    ],
)
def test_env_self_reference(text: str, lines: list[int]) -> None:
    assert [line for line, _ in found(text, "DF607")] == lines


def test_env_self_reference_spans_the_value() -> None:
    assert spans('FROM debian:12\nENV A=1 B="$A/bin"\n', "DF607") == ['"$A/bin"']


# -- DF608 onbuild-forbidden-trigger ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM node:22\nonbuild from node:22\n", ["from"]),
        ("FROM node:22\nONBUILD \\\n  MAINTAINER me\n", ["MAINTAINER"]),
        ("FROM node:22\nONBUILD ONBUILD RUN x\n", ["ONBUILD"]),  # once, for the outer ONBUILD
        ("FROM node:22\nONBUILD RUN <<EOF\nFROM x\nEOF\n", []),
        ("FROM node:22\nONBUILD HEALTHCHECK NONE\n", []),
    ],
)
def test_onbuild_forbidden_trigger(text: str, expected: list[str]) -> None:
    assert spans(text, "DF608") == expected


# -- DF609 instruction-order --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("# syntax=docker/dockerfile:1\n# a comment\nARG A=1\n\nFROM alpine:$A\nRUN true\n", []),
        ("LABEL a=b\nENV C=d\nARG E\nFROM alpine:3.20\nLABEL f=g\n", [1, 2]),
        ("ONBUILD RUN x\nFROM alpine:3.20\n", [1]),
        ("RUN x\n", [1]),  # no FROM at all
        ("FOO bar\nFROM alpine:3.20\n", []),  # an unknown instruction is another error
        ("\ufeffARG A\nFROM alpine:3.20\n", []),
    ],
)
def test_instruction_order(text: str, lines: list[int]) -> None:
    assert [line for line, _ in found(text, "DF609")] == lines


# -- DF610 copy-whole-filesystem ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM a:1 AS b\nFROM scratch\nCOPY --from=b / /\n", [3]),
        ('FROM a:1 AS b\nFROM scratch\nCOPY --from=b ["/", "/"]\n', [3]),
        ("FROM a:1 AS b\nFROM scratch\nCOPY --link --from=0 /./ //\n", [3]),
        ("FROM a:1 AS b\nFROM scratch\nCOPY --from=b \\\n  /etc/x / \\\n  /\n", [4]),
        ("FROM a:1 AS b\nFROM scratch\nCOPY --from=b / /rootfs/\n", []),
        ("FROM a:1 AS b\nFROM scratch\nCOPY / /\n", []),  # the build context, not a stage
        ("FROM a:1 AS b\nFROM scratch\nADD / /\n", []),
        # a build stage that does not ship
        ("FROM a:1 AS b\nFROM golang:1.22 AS build\nCOPY --from=b / /\nFROM scratch\n", []),
        ("FROM a:1 AS b\nFROM golang:1.22 AS build\nCOPY --from=b / /\nFROM build\n", [3]),
        ("FROM a:1 AS b\nFROM scratch\nONBUILD COPY --from=b / /\n", [3]),
    ],
)
def test_copy_whole_filesystem(text: str, lines: list[int]) -> None:
    assert [line for line, _ in found(text, "DF610")] == lines


# -- DF611 missing-healthcheck ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM nginx:1.27\n", [1]),
        ("FROM nginx:1.27\nHEALTHCHECK NONE\n", []),
        ("FROM nginx:1.27 AS base\nHEALTHCHECK CMD true\nFROM base AS mid\nFROM mid\n", []),
        # the parent's trigger runs in the target; the target's own triggers do not
        ("FROM nginx:1.27 AS base\nONBUILD HEALTHCHECK CMD true\nFROM base\n", []),
        ("FROM nginx:1.27\nONBUILD HEALTHCHECK CMD true\n", [1]),
        ("FROM nginx:1.27 AS a\nHEALTHCHECK CMD true\nFROM nginx:1.27\nCOPY --from=a /x /x\n", [3]),
        ("ARG A=1\n", []),  # no stage
    ],
)
def test_missing_healthcheck(text: str, lines: list[int]) -> None:
    assert [line for line, _ in found(text, "DF611")] == lines


def test_missing_healthcheck_is_off_by_default() -> None:
    assert RULES["DF611"].default_enabled is False
    assert all(RULES[f"DF6{n:02d}"].default_enabled for n in range(1, 11))


def test_instructions_before_the_first_from_are_only_instruction_order() -> None:
    # BuildKit fails at them; a trigger there has no variable scope in the model
    text = (
        "ONBUILD COPY a b c\nONBUILD EXPOSE 8080:80/TCP\nONBUILD ENV A=1 B=$A\nONBUILD WORKDIR x\n"
        "COPY a b c\nWORKDIR y\nEXPOSE 70000 1:2/UDP\nENV A=1 B=$A\nFROM debian:12\n"
    )
    rules = [f"DF6{n:02d}" for n in range(1, 11)]
    assert found(text, *rules) == [(line, "DF609") for line in range(1, 9)]
