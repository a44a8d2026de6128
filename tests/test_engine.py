"""The engine's stages on their own: selection, pragmas, crash isolation, the fix loop,
configuration errors."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from dflint import config as config_mod
from dflint.catalogue import RuleInfo, builtin_rules
from dflint.checks import REGISTRY, Violation
from dflint.diagnostics import Severity
from dflint.engine import Settings, lint_text
from dflint.fix.apply import apply_fixes, choose, fix_text
from dflint.fix.edit import Applicability, Edit, Fix
from dflint.selection import Selector, UnknownSelector

RULES = builtin_rules()
DF1 = {i for i in RULES if i.startswith("DF1")}


def settings(*ids: str, rules: dict[str, RuleInfo] | None = None, **kw) -> Settings:  # type: ignore[no-untyped-def]
    rules = rules or RULES
    return Settings(
        rules=rules,
        enabled=frozenset(ids or rules),
        **kw,
    )


# -- selection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("select", "extend", "ignore", "expected"),
    [
        (["DF101"], [], [], {"DF101"}),
        (["DL3006"], [], [], {"DF101"}),
        (["untagged-base-image"], [], [], {"DF101"}),
        (["DF1"], [], [], DF1),
        (["base-images"], [], [], DF1),
        (["DF1"], [], ["DF101"], DF1 - {"DF101"}),
        (["DF101"], [], ["DF1"], {"DF101"}),  # the more specific selector wins
        (["DF101"], [], ["DF101"], set()),  # ignore wins a tie
        (
            ["base-images"],
            [],
            ["DF10"],
            {i for i in DF1 if not i.startswith("DF10")},
        ),  # prefix beats category
        (["ALL"], [], ["DF0", "DF2", "DF3", "DF4", "DF5", "DF6"], DF1),
        (
            None,
            ["DF101"],
            ["DF1"],
            {"DF101"} | {i for i, r in RULES.items() if not i.startswith("DF1") and r.default_enabled},
        ),
    ],
)
def test_selection(select, extend, ignore, expected) -> None:  # type: ignore[no-untyped-def]
    assert Selector(RULES).enabled(select, extend, ignore) == expected


def test_unknown_selector() -> None:
    with pytest.raises(UnknownSelector, match="'DF9X'"):
        Selector(RULES).match("DF9X")


def test_rules_off_by_default_run_only_when_named() -> None:
    from dataclasses import replace

    rules = dict(RULES)
    rules["DF102"] = replace(rules["DF102"], default_enabled=False)
    selector = Selector(rules)
    assert "DF102" not in selector.enabled(None)
    assert "DF102" in selector.enabled(None, ["DF102"])
    assert "DF102" in selector.enabled(["ALL"])


# -- pragmas ----------------------------------------------------------------------------


def lines(text: str, *ids: str) -> list[tuple[int, str]]:
    return [(d.start.line, d.rule) for d in lint_text(text, "Dockerfile", settings(*ids)).diagnostics]


def test_line_pragma_covers_every_line_of_its_instruction() -> None:
    text = "FROM alpine:3.20\n# dflint: ignore=DF205\nRUN true && \\\n    apk add curl\nRUN apk add git\n"
    assert lines(text, "DF205") == [(5, "DF205")]


def test_pragma_block_is_broken_by_a_blank_line() -> None:
    text = "FROM alpine:3.20\n# dflint: ignore=DF205\n\nRUN apk add curl\n"
    assert lines(text, "DF205") == [(4, "DF205")]


def test_pragma_codes_are_reported_at_their_columns() -> None:
    text = "FROM alpine:3.20\n# hadolint ignore=DL3019, DF999 ,SC2086\nRUN apk add curl\n"
    result = lint_text(text, "Dockerfile", settings("DF002", "DF205"))
    [bad] = [d for d in result.diagnostics if d.rule == "DF002"]
    assert (bad.start.line, bad.start.column, bad.end.column) == (2, 27, 32)
    assert [d.rule for d in result.diagnostics] == ["DF002"]


def test_check_directive_skips_by_alias_and_all() -> None:
    text = "# check=skip=DL3006;error=true\nFROM ubuntu\nFROM debian:latest\n"
    assert lines(text, "DF101", "DF102") == [(3, "DF102")]
    assert lines("# check=skip=all\nFROM ubuntu\n", "DF101") == []


# -- crash isolation --------------------------------------------------------------------


def test_a_crashing_rule_is_an_internal_error_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("dflint_test_crash")

    def check(ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    module.check = check  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dflint_test_crash", module)
    monkeypatch.setitem(REGISTRY, "DF101", "dflint_test_crash")
    result = lint_text("FROM debian:latest\n", "x/Dockerfile", settings("DF101", "DF102"))
    assert [d.rule for d in result.diagnostics] == ["DF102"]
    [error] = result.internal_errors
    assert (error.path, error.rule) == ("x/Dockerfile", "DF101")
    assert "RuntimeError: boom" in error.render()


# -- the fix loop -----------------------------------------------------------------------


def test_fix_overlaps_and_order() -> None:
    a = Fix.safe(Edit.insertion(5, "x"))
    b = Fix.safe(Edit(5, 7, "y"))
    c = Fix.safe(Edit(8, 9, "z"))
    assert a.overlaps(b) and not a.overlaps(c)
    assert apply_fixes("0123456789", [a, c]) == "01234x567z9"
    with pytest.raises(ValueError):
        Fix.safe(Edit(1, 3), Edit(2, 4))


def _fake_rule(monkeypatch: pytest.MonkeyPatch, rule_id: str, check) -> None:  # type: ignore[no-untyped-def]
    name = f"dflint_test_{rule_id}"
    module = types.ModuleType(name)
    module.check = check  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setitem(REGISTRY, rule_id, name)


def test_overlapping_fixes_wait_for_the_next_round(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two rules each want to edit the same RUN; the loop applies one per round. (The
    # fakes take the ids of rules that declare fixes: only those run between rounds.)
    def add_a(ctx):  # type: ignore[no-untyped-def]
        i = ctx.text.find("RUN true")
        if i >= 0 and "A" not in ctx.text:
            yield Violation("needs A", i, i + 8, Fix.safe(Edit.insertion(i + 8, " A")), "Add A")

    def add_b(ctx):  # type: ignore[no-untyped-def]
        i = ctx.text.find("RUN true")
        if i >= 0 and "B" not in ctx.text:
            yield Violation("needs B", i, i + 8, Fix.safe(Edit.insertion(i + 8, " B")), "Add B")

    _fake_rule(monkeypatch, "DF620", add_a)
    _fake_rule(monkeypatch, "DF621", add_b)
    s = settings("DF620", "DF621")
    diagnostics = lint_text("FROM scratch\nRUN true\n", "Dockerfile", s).diagnostics
    assert len(choose(diagnostics, Applicability.SAFE)) == 1
    outcome = fix_text("FROM scratch\nRUN true\n", "Dockerfile", s)
    assert outcome.text == "FROM scratch\nRUN true B A\n"
    assert dict(outcome.fixed) == {"DF620": 1, "DF621": 1}
    assert not outcome.errors and not outcome.result.diagnostics


def test_a_fix_that_breaks_the_file_leaves_it_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    def breaks(ctx):  # type: ignore[no-untyped-def]
        yield Violation("bad", 0, 4, Fix.safe(Edit(0, len(ctx.text), "ENV a=b c\n")), "Break it")

    _fake_rule(monkeypatch, "DF620", breaks)
    outcome = fix_text("FROM scratch\n", "Dockerfile", settings("DF620"))
    assert outcome.text == "FROM scratch\n" and not outcome.changed
    [error] = outcome.errors
    assert error.rule == "DF620" and "unparseable" in error.message


def test_fixes_that_never_settle_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def grows(ctx):  # type: ignore[no-untyped-def]
        yield Violation("again", 0, 4, Fix.safe(Edit.insertion(len(ctx.text), "# more\n")), "Grow")

    _fake_rule(monkeypatch, "DF620", grows)
    outcome = fix_text("FROM scratch\n", "Dockerfile", settings("DF620"), max_rounds=5)
    assert not outcome.changed and "did not settle" in outcome.errors[0].message


def test_unsafe_fixes_need_asking_for(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "FROM debian:bookworm\nRUN apt-get install -y curl\n"
    s = settings("DF202")
    assert not fix_text(text, "Dockerfile", s).changed
    fixed = fix_text(text, "Dockerfile", s, Applicability.UNSAFE)
    assert fixed.text == "FROM debian:bookworm\nRUN apt-get install --no-install-recommends -y curl\n"


def test_a_file_that_does_not_parse_is_never_fixed() -> None:
    outcome = fix_text("FROM debian\nLABEL x\n", "Dockerfile", settings())
    assert not outcome.changed and [d.rule for d in outcome.result.diagnostics] == ["DF001"]


def test_severity_override() -> None:
    s = settings("DF101", severity={"DF101": Severity.ERROR})
    [d] = lint_text("FROM ubuntu\n", "Dockerfile", s).diagnostics
    assert d.severity == Severity.ERROR


# -- configuration errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        (".dflint.yaml", "select: [DF1]\nignroe: [DF101]\n", (2, 1), "unknown key `ignroe`"),
        (".dflint.yaml", "failure-threshold: loud\n", (1, 1), "failure-threshold"),
        (".dflint.yaml", "severity:\n  DF101: fatal\n", (2, 3), "severity of `DF101`"),
        (".dflint.yaml", "select: [DF1\n", (2, 1), "invalid YAML"),
        (
            "pyproject.toml",
            "[project]\nname='x'\n\n[tool.dflint]\nselect = ['DF1']\nbogus = 1\n",
            (6, 1),
            "`bogus`",
        ),
    ],
)
def test_config_errors_name_file_line_and_column(tmp_path: Path, name, text, where, message) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(config_mod.ConfigError) as info:
        config_mod.load(str(path))
    assert (info.value.line, info.value.column) == where
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}:{where[0]}:{where[1]}: ")


def test_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / ".dflint.yaml").write_text("select: [DF1]\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.dflint]\nselect = ['DF2']\n")
    (tmp_path / "a" / ".hadolint.yaml").write_text("ignored: [DL3006]\n")
    assert config_mod.find_config_file(str(sub)) == (str(tmp_path / "a" / "pyproject.toml"), "pyproject")
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert config_mod.find_config_file(str(sub)) == (str(tmp_path / ".dflint.yaml"), "dflint")
    (tmp_path / ".dflint.yaml").unlink()
    assert config_mod.find_config_file(str(sub)) == (str(tmp_path / "a" / ".hadolint.yaml"), "hadolint")


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.Dockerfile", "a/b/app.Dockerfile", True),
        ("legacy/**", "legacy/x/Dockerfile", True),
        ("legacy/", "legacy/x/Dockerfile", True),
        ("legacy/*", "legacy/x/Dockerfile", True),
        ("docker/*.Dockerfile", "docker/a.Dockerfile", True),
        ("docker/*.Dockerfile", "other/docker/a.Dockerfile", False),
        ("**/test/Dockerfile", "a/b/test/Dockerfile", True),
        ("Dockerfile", "a/Dockerfile.dev", False),
    ],
)
def test_glob_match(pattern: str, path: str, matches: bool) -> None:
    assert config_mod.glob_match(pattern, path) is matches


def test_pragma_spellings() -> None:
    text = "# DFLINT: IGNORE-FILE=DF102\nFROM debian:latest\n# Dflint: Ignore=DF101 DF205\nFROM ubuntu\n"
    assert lines(text, "DF101", "DF102", "DF002") == []
    result = lint_text("FROM debian:bookworm\n# dflint: ignore=\nRUN true\n", "Dockerfile", settings("DF002"))
    assert [d.message for d in result.diagnostics] == ["`dflint: ignore=` names no rule"]


def test_discovery_edge_cases(tmp_path: Path) -> None:
    import os

    from dflint.discovery import discover

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "dockerfile").write_text("FROM a:1\n")
    (tmp_path / "sub" / "loop").symlink_to("..")
    os.mkfifo(tmp_path / "Containerfile")  # would block a reader forever
    found = list(discover([str(tmp_path), str(tmp_path / "sub" / "dockerfile")]))
    assert found == [str(tmp_path / "sub" / "dockerfile")]


def test_pyproject_with_a_dotted_tool_key_is_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool]\ndflint.select = ['DF1']\n")
    assert config_mod.find_config_file(str(tmp_path)) == (str(tmp_path / "pyproject.toml"), "pyproject")
    assert config_mod.load(str(tmp_path / "pyproject.toml")).select == ["DF1"]


def test_a_pyproject_that_only_mentions_tool_dflint_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n# settings would go in [tool.dflint]\ndescription = "see [tool.dflint]"\n'
    )
    assert config_mod.find_config_file(str(tmp_path)) is None
    (tmp_path / "pyproject.toml").write_text('[ tool . "dflint" ]\nselect = ["DF1"]\n')
    assert config_mod.find_config_file(str(tmp_path)) == (str(tmp_path / "pyproject.toml"), "pyproject")


def test_line_pragma_covers_heredoc_bodies() -> None:
    text = (
        "FROM debian:bookworm\n# dflint: ignore=DF212\nRUN <<EOF\napt-get update\n"
        "apt-get install --no-install-recommends git\nEOF\nRUN apt-get install --no-install-recommends vim\n"
    )
    assert lines(text, "DF212") == [(7, "DF212")]


def test_indented_pragmas_count() -> None:
    text = "FROM ubuntu\n    # hadolint ignore=DL3006\nFROM debian\n\t# dflint: ignore=DF101\nFROM alpine\n"
    result = lint_text(text, "Dockerfile", settings("DF101"))
    assert [d.start.line for d in result.diagnostics] == [1]


def test_the_last_lint_of_a_fixed_file_runs_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    # Between rounds only rules with fixes run; what remains is reported by all of them.
    def casing(ctx):  # type: ignore[no-untyped-def]
        i = ctx.text.find("run ")
        if i >= 0:
            yield Violation("lower", i, i + 3, Fix.safe(Edit(i, i + 3, "RUN")), "Upper-case it")

    def no_fix(ctx):  # type: ignore[no-untyped-def]
        i = ctx.text.find("RUN true")
        if i >= 0:
            yield Violation("seen", i, i + 8)

    _fake_rule(monkeypatch, "DF620", casing)
    _fake_rule(monkeypatch, "DF101", no_fix)
    s = settings("DF620", "DF101")
    assert s.fixing.enabled == {"DF620"}
    outcome = fix_text("FROM scratch\nrun true\n", "Dockerfile", s)
    assert outcome.text == "FROM scratch\nRUN true\n" and outcome.rounds == 1
    assert [d.rule for d in outcome.result.diagnostics] == ["DF101"]


def test_a_fix_that_writes_text_utf8_cannot_hold_leaves_the_file_untouched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def surrogate(ctx):  # type: ignore[no-untyped-def]
        if "\ud800" not in ctx.text:
            yield Violation("odd", 0, 4, Fix.safe(Edit.insertion(len(ctx.text), "# \ud800\n")), "Add it")

    _fake_rule(monkeypatch, "DF620", surrogate)
    outcome = fix_text("FROM scratch\n", "Dockerfile", settings("DF620"))
    assert not outcome.changed
    [error] = outcome.errors
    assert error.rule == "DF620" and "unparseable" in error.message


def test_an_indented_pragma_code_is_located_exactly() -> None:
    # the comment's span starts at its "#": the indent must not be counted twice
    text = "FROM alpine:3.20\n  # hadolint ignore=DL9999\nRUN true\n"
    [bad] = [d for d in lint_text(text, "Dockerfile", settings("DF002")).diagnostics if d.rule == "DF002"]
    assert text[bad.offset : bad.offset + len("DL9999")] == "DL9999"
    assert (bad.start.line, bad.start.column) == (2, 21)
