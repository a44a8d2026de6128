"""Property tests of the fix loop (hypothesis).

Two sources of Dockerfiles: the grammar-driven texts of tests/test_properties.py (odd
spellings, continuations, heredocs, CRLF, the backtick escape), and files assembled from
the catalogue's bad examples of the fixable rules (several rules' findings in one file,
in one stage or several, in a chosen style). For each, ``--fix --unsafe-fixes`` with
every rule that has fixes: no internal error; a changed text parses, round-trips and was
fixable; fixing the result again changes nothing; and no fixable finding is left.
"""

from __future__ import annotations

import re

from hypothesis import example, given, note
from hypothesis import strategies as st

import dflint
from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from tests.test_properties import dockerfiles

RULES = builtin_rules()
FIXING = Settings(rules=RULES, enabled=frozenset(RULES)).fixing
#: the instructions after the first FROM of every bad example of a rule that has fixes
#: (examples with options are left out: they need their rule's settings)
SNIPPETS = sorted(
    {
        "\n".join(e.text.splitlines()[1:]).strip("\n")
        for info in RULES.values()
        if info.fix != "none"
        for e in info.examples
        if e.kind == "bad" and not e.options and e.text.upper().startswith("FROM ")
    }
    - {""}
)
BASES = ["debian:bookworm", "ubuntu:24.04", "alpine:3.20", "python:3.12", "node:22", "golang:1.22"]
_KEYWORD = re.compile(r"^(\s*)([A-Za-z]+)", re.MULTILINE)


@st.composite
def assembled(draw: st.DrawFn) -> str:
    parts = []
    for i in range(draw(st.integers(1, 3))):
        base = draw(st.sampled_from(BASES))
        parts.append(f"FROM {base}" + (f" AS s{i}" if draw(st.booleans()) else ""))
        parts += draw(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4))
    text = "\n".join(parts) + "\n"
    if draw(st.booleans()):
        text = _KEYWORD.sub(lambda m: m.group(1) + m.group(2).lower(), text)
    if draw(st.booleans()):
        text = re.sub(r"\n {4}", "\n\t", text)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


def _check(text: str) -> None:
    note(repr(text))
    outcome = fix_text(text, "Dockerfile", FIXING, Applicability.UNSAFE)
    assert not outcome.errors, [e.render() for e in outcome.errors]
    if not outcome.changed:
        return
    assert dflint.parse(outcome.text).code == outcome.text
    before = lint_text(text, "Dockerfile", FIXING).diagnostics
    assert any(d.fix is not None and d.fix.applicability >= Applicability.UNSAFE for d in before)
    again = fix_text(outcome.text, "Dockerfile", FIXING, Applicability.UNSAFE)
    assert again.text == outcome.text and not again.fixed, dict(again.fixed)
    left = [d for d in outcome.result.diagnostics if d.fix and d.fix.applicability >= Applicability.UNSAFE]
    assert left == []


@given(assembled())
def test_fixing_files_assembled_from_the_catalogue(text: str) -> None:
    _check(text)


@given(dockerfiles())
@example("CMD a\x0ba\n")  # a vertical tab is not a word break for sh: DF301 and DF303 disagreed
@example('HEALTHCHECK CMD ["\\ud800"]\n')  # DF302 wrote a lone surrogate, which UTF-8 cannot hold
def test_fixing_grammar_generated_texts(text: str) -> None:
    _check(text)
