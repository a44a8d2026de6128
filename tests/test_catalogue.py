"""The rule catalogue: every yaml has a check and every check a yaml, and every
example in every yaml is a test (bad ones fire at their lines, good ones do not, fixed
ones equal what --fix produces), with the invariants every rule must keep."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import tomllib

from dflint.catalogue import CATEGORIES, DOC_SECTIONS, builtin_dir, builtin_rules
from dflint.checks import REGISTRY
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

ROOT = Path(__file__).resolve().parent.parent
RULES = builtin_rules()
EXAMPLES = [
    pytest.param(info, i, example, id=f"{rule_id}-{i}-{example.kind}")
    for rule_id, info in RULES.items()
    for i, example in enumerate(info.examples)
]


def settings(rule_id: str, options: dict | None = None) -> Settings:
    info = RULES[rule_id]
    merged = {**info.option_defaults(), **(options or {})}
    return Settings(
        rules=RULES,
        enabled=frozenset({rule_id}),
        options={rule_id: merged},
    )


def test_builtin_rules_are_read_from_the_top_level_directory() -> None:
    assert builtin_dir() == ROOT / "rules" or builtin_dir().name == "rules"
    assert sorted(p.stem for p in (ROOT / "rules").glob("*.yaml")) == list(RULES)


def test_every_rule_has_one_check_and_every_check_a_rule() -> None:
    python_rules = {i for i, info in RULES.items() if not info.declarative}
    assert set(REGISTRY) == python_rules
    for rule_id, info in RULES.items():
        assert not (info.declarative and rule_id in REGISTRY), (
            f"{rule_id} is both declarative and in the registry"
        )
    assert list(REGISTRY) == sorted(REGISTRY), "the registry is sorted by id"
    for rule_id, module in REGISTRY.items():
        mod = importlib.import_module(module)
        assert callable(mod.check)
        category = module.split(".")[2]
        assert category == RULES[rule_id].category.replace("-", "_"), f"{module} is not in its category"
        assert module.rsplit(".", 1)[1] == RULES[rule_id].name.replace("-", "_"), (
            f"{module}: name it after its rule"
        )


def test_ids_names_and_aliases_are_unique() -> None:
    names = [info.name for info in RULES.values()]
    assert len(set(names)) == len(names)
    aliases = [a.lower() for info in RULES.values() for a in info.aliases]
    assert len(set(aliases)) == len(aliases)
    assert not set(aliases) & {i.lower() for i in RULES} & set(names)


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_entry_is_complete(rule_id: str) -> None:
    info = RULES[rule_id]
    assert info.category == CATEGORIES[rule_id[2]]
    for section in DOC_SECTIONS:
        assert info.docs.get(section), f"{rule_id} has no docs section {section!r}"
    assert sum(e.kind == "bad" for e in info.examples) >= 2
    assert sum(e.kind == "good" for e in info.examples) >= 2
    assert not info.summary.endswith(".")
    if info.fix != "none":
        if info.declarative:
            from dflint.checks.declarative import _FIXES, blocks

            for block in blocks(info.match):
                if any(key in block for key in _FIXES):
                    assert block.get("fix-title") or info.fix_title, (
                        f"{rule_id}: a fixable rule needs fix-title"
                    )
        assert any(e.fixed is not None for e in info.examples), f"{rule_id}: show the fix in an example"


@pytest.mark.parametrize(("info", "index", "example"), EXAMPLES)
def test_example(info, index, example) -> None:  # type: ignore[no-untyped-def]
    s = settings(info.id, dict(example.options))
    result = lint_text(example.text, "Dockerfile", s)
    assert not result.internal_errors
    lines = sorted({d.start.line for d in result.diagnostics})
    if example.kind == "good":
        assert lines == [], f"{info.id} fires on a good example: {[d.message for d in result.diagnostics]}"
        return
    assert lines == sorted(example.lines)
    for d in result.diagnostics:
        assert d.start.line >= 1 and d.start.column >= 1 and d.end.line >= d.start.line
        assert (d.end.line, d.end.column) >= (d.start.line, d.start.column)
        assert (d.message and d.message[0].isupper()) or d.message[0] in "`'\""
        _fix_agrees_with_declaration(info, d)
    if example.fixed is not None:
        applicability = Applicability.UNSAFE if info.fix in ("unsafe", "sometimes") else Applicability.SAFE
        outcome = fix_text(example.text, "Dockerfile", s, applicability)
        assert not outcome.errors
        assert outcome.text == example.fixed
        _fix_invariants(outcome.text, s, applicability)
        # no new findings of the rule: each fix removed its own, and made no other
        after = lint_text(outcome.text, "Dockerfile", s).diagnostics
        assert len(after) <= len(result.diagnostics) - outcome.fixed[info.id], [d.message for d in after]


def _fix_agrees_with_declaration(info, d) -> None:  # type: ignore[no-untyped-def]
    if d.fix is None:
        return
    assert info.fix != "none", f"{info.id} declares no fix but offers one"
    if info.fix == "safe":
        assert d.fix.applicability == Applicability.SAFE
    if info.fix == "unsafe":
        assert d.fix.applicability == Applicability.UNSAFE
    assert d.fix_title, "a fix needs a title"


def _fix_invariants(fixed: str, s: Settings, applicability: Applicability) -> None:
    """The fixed text parses, round-trips, and fixing it again changes nothing."""
    assert parse(fixed).code == fixed
    again = fix_text(fixed, "Dockerfile", s, applicability)
    assert again.text == fixed and not again.fixed


_RUN = re.compile(r"^RUN ", re.MULTILINE)


@pytest.mark.parametrize(
    ("info", "index", "example"),
    [
        p
        for p in EXAMPLES
        if p.values[2].kind == "bad" and "\nRUN " in p.values[2].text and p.values[0].declarative
    ],
)
def test_run_rules_fire_the_same_under_onbuild(info, index, example) -> None:  # type: ignore[no-untyped-def]
    """ONBUILD RUN ... is checked like RUN ... (hadolint's `onbuild` wrapper)."""
    wrapped = _RUN.sub("ONBUILD RUN ", example.text)
    s = settings(info.id, dict(example.options))
    plain = lint_text(example.text, "Dockerfile", s).diagnostics
    under = lint_text(wrapped, "Dockerfile", s).diagnostics
    assert [d.start.line for d in under] == [d.start.line for d in plain]
    assert [d.message for d in under] == [d.message for d in plain]


def test_pyproject_ships_every_package_and_the_catalogue() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(data["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.relative_to(ROOT).parent.parts)
        for p in (ROOT / "dflint").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found | {"dflint.rules"} == listed
    assert data["tool"]["setuptools"]["package-dir"] == {"dflint.rules": "rules"}
    assert data["tool"]["setuptools"]["package-data"]["dflint.rules"] == ["*.yaml"]


def _silenced(text: str, line: int, comment: str) -> str:
    """``text`` with ``comment`` on its own line above the instruction holding ``line``
    (continuation lines and heredoc bodies included)."""
    from dflint.syntax.positions import Positions

    df = parse(text)
    positions = Positions(df)
    first = next(
        positions.span(i).start.line
        for i in df.instructions
        if positions.instruction_lines(i)[0] <= line <= positions.instruction_lines(i)[1]
    )
    lines = text.splitlines(keepends=True)
    return "".join([*lines[: first - 1], f"{comment}\n", *lines[first - 1 :]])


@pytest.mark.parametrize(
    ("info", "index", "example"),
    [
        p
        for p in EXAMPLES
        # DF001 (the file does not parse), DF002 and DF003 (their findings are the pragma
        # comments themselves, not instructions a pragma could sit above)
        if p.values[2].kind == "bad" and p.values[0].id not in ("DF001", "DF002", "DF003")
    ],
)
def test_every_finding_can_be_silenced_by_its_id_and_its_aliases(info, index, example) -> None:  # type: ignore[no-untyped-def]
    s = settings(info.id, dict(example.options))
    found = lint_text(example.text, "Dockerfile", s).diagnostics
    for line in example.lines:
        # a finding tagged with one of the rule's codes answers to that alias only
        tagged = {d.code for d in found if d.start.line == line and d.code}
        aliases = sorted(tagged) if tagged else list(info.aliases)
        codes = [info.id, info.name, *aliases]
        for comment in [f"# dflint: ignore={code}" for code in codes] + [
            f"# hadolint ignore={alias}" for alias in aliases if alias.startswith("DL")
        ]:
            text = _silenced(example.text, line, comment)
            code = comment.split("=", 1)[1]
            fired = {
                d.start.line
                for d in lint_text(text, "Dockerfile", s).diagnostics
                if not tagged or code in (info.id, info.name) or d.code == code
            }
            assert line + 1 not in fired, f"{comment!r} does not silence line {line}"
    file_level = f"# dflint: ignore-file={info.id}\n" + example.text
    if not example.text.startswith("#"):
        assert lint_text(file_level, "Dockerfile", s).diagnostics == []
