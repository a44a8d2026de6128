"""Cases at least as hard as the rule docs' examples, for the base-image and runtime
rules: continuation lines, ONBUILD, ARG-expanded image names, multi-stage files where
only the shipped stage matters, and suppression comments."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability

RULES = builtin_rules()


def found(text: str, *rules: str) -> list[tuple[int, str]]:
    settings = Settings(rules=RULES, enabled=frozenset(rules))
    result = lint_text(text, "Dockerfile", settings)
    assert not result.internal_errors
    return [(d.start.line, d.rule) for d in result.diagnostics]


def fixed(text: str, *rules: str) -> str:
    settings = Settings(rules=RULES, enabled=frozenset(rules))
    return fix_text(text, "Dockerfile", settings, Applicability.UNSAFE).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ARG default names the image; the FROM is split over lines
        ("ARG BASE=ubuntu\nFROM \\\n  $BASE AS app\n", [(3, "DF101")]),
        # only images are checked: a stage, scratch, an ARG without default
        ("FROM debian:12 AS base\nFROM base\nFROM scratch\nARG X\n", []),
        ("ARG IMAGE\nFROM $IMAGE\n", []),
        # a template's placeholder is no valid reference, and has no tag either (as hadolint)
        (
            "FROM REPLACE-ME\nFROM balenalib/%%MACHINE%%-python\nFROM REPLACE-ME:1\n",
            [(1, "DF101"), (2, "DF101")],
        ),
    ],
)
def test_untagged(text: str, expected: list) -> None:  # type: ignore[type-arg]
    assert found(text, "DF101") == expected


def test_oversize_base_only_for_the_shipped_stage() -> None:
    text = (
        "FROM python:3.12 AS build\nRUN pip wheel -w /w flask==3.0.3\n"
        "FROM python:3.12 AS test\nRUN python -V\n"
        "FROM python:3.12-slim\nCOPY --from=build /w /w\n"
    )
    assert found(text, "DF103") == []  # the full images only build
    assert found(text + "FROM test\n", "DF103") == [(3, "DF103")]  # now `test` ships, built on python:3.12
    with_arg = 'ARG PY=3.12\nFROM python:${PY}\nCMD ["python"]\n'
    assert found(with_arg, "DF103") == [(2, "DF103")]
    assert fixed(with_arg, "DF103") == with_arg  # an ARG-built name is not rewritten


def test_oversize_base_respects_options() -> None:
    text = 'FROM python:3.12\nCMD ["python"]\n'
    settings = Settings(
        rules=RULES,
        enabled=frozenset({"DF103"}),
        options={"DF103": {"min-saving-mb": 500, "allow-alpine": False}},
    )
    assert lint_text(text, "Dockerfile", settings).diagnostics == []
    settings = Settings(
        rules=RULES,
        enabled=frozenset({"DF103"}),
        options={"DF103": {"min-saving-mb": 50, "allow-alpine": True}},
    )
    [d] = lint_text(text, "Dockerfile", settings).diagnostics
    assert "`python:3.12-alpine`" in d.message


def test_shell_form_rules_under_continuations_and_onbuild() -> None:
    text = "FROM busybox:1.36\nCMD echo one \\\n    two\nONBUILD CMD sleep 1\n"
    assert found(text, "DF301") == [(2, "DF301")]  # a trigger's CMD is another build's
    assert fixed(text, "DF301") == 'FROM busybox:1.36\nCMD ["echo", "one", "two"]\nONBUILD CMD sleep 1\n'


def test_shell_form_healthcheck_only_when_plain_words() -> None:
    text = (
        "FROM alpine:3.20\nHEALTHCHECK --interval=5s \\\n  CMD /bin/check --quiet\n"
        "FROM alpine:3.20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"
        "FROM alpine:3.20\nONBUILD HEALTHCHECK CMD /bin/check\n"
    )
    assert found(text, "DF301") == [(3, "DF301")]  # as hadolint; `|| exit 1` needs the shell
    assert fixed(text, "DF301").startswith(
        'FROM alpine:3.20\nHEALTHCHECK --interval=5s \\\n  CMD ["/bin/check", "--quiet"]\n'
    )


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("FROM alpine:3.20\nCMD /usr/bin/app --port 80\n", True),
        ("FROM alpine:3.20\nHEALTHCHECK CMD /bin/check --quiet\n", True),
        # exec form appends the CMD and `docker run` arguments to an ENTRYPOINT
        ("FROM alpine:3.20\nENTRYPOINT /usr/bin/app\n", False),
        # a script without `#!` runs under `sh -c` but not in exec form
        ("FROM alpine:3.20\nCMD ./start.sh --fast\n", False),
        ("FROM alpine:3.20\nHEALTHCHECK CMD /opt/health.bash\n", False),
    ],
)
def test_shell_form_to_exec_form_is_safe_only_where_nothing_changes(text: str, safe: bool) -> None:
    settings = Settings(rules=RULES, enabled=frozenset({"DF301"}))
    [d] = lint_text(text, "Dockerfile", settings).diagnostics
    assert d.fix is not None
    assert d.fix.applicability == (Applicability.SAFE if safe else Applicability.UNSAFE)


def test_exec_form_rules_with_escape_directive_and_continuations() -> None:
    text = "# escape=`\nFROM busybox:1.36\nCMD ['sleep', `\n     '1']\n"
    assert found(text, "DF302") == [(3, "DF302")]
    assert fixed(text, "DF302", "DF303").endswith('CMD ["sleep", "1"]\n')


def test_overridden_cmd_counts_stages_separately() -> None:
    text = 'FROM a:1 AS one\nCMD ["a"]\nFROM b:1\nCMD ["b"]\nCMD ["c"]\n'
    assert found(text, "DF304") == [(5, "DF304")]  # at the CMD that replaces line 4's, as hadolint
    three = 'FROM a:1\nCMD ["a"]\nCMD ["b"]\nHEALTHCHECK NONE\nCMD ["c"]\n'
    assert found(three, "DF304") == [(3, "DF304"), (5, "DF304")]
    assert fixed(three, "DF304") == 'FROM a:1\nHEALTHCHECK NONE\nCMD ["c"]\n'


@pytest.mark.parametrize("pragma", ["# dflint: ignore=DF302", "# dflint: ignore=invalid-json-exec-form"])
def test_suppression(pragma: str) -> None:
    text = f"FROM busybox:1.36\n{pragma}\nCMD ['sleep', '1']\n"
    assert found(text, "DF302") == []


def test_hadolint_pragma_silences_through_alias() -> None:
    text = "FROM busybox:1.36\n# hadolint ignore=DL3025\nCMD sleep 1\n"
    assert found(text, "DF301") == []


def test_stage_rename_fix_updates_every_reference() -> None:
    text = (
        "FROM golang:1.22 AS Build\nFROM Build AS Test\nFROM debian:12\n"
        "COPY --from=Build /a /a\nRUN --mount=from=Test,target=/t true\n"
    )
    assert fixed(text, "DF106") == (
        "FROM golang:1.22 AS build\nFROM build AS test\nFROM debian:12\n"
        "COPY --from=build /a /a\nRUN --mount=from=test,target=/t true\n"
    )


def test_service_in_run_in_a_continued_script() -> None:
    text = "FROM node:22-slim\nRUN npm ci && \\\n    npm start\n"
    assert found(text, "DF307") == [(2, "DF307")]
    assert fixed(text, "DF307") == text  # more than the server in the RUN: not rewritten
