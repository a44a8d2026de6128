"""hadolint's own rule tests, run against the dflint rules that alias them.

``../shared/conformance/hadolint/cases.json`` holds the Dockerfiles of hadolint's Hspec
files with whether each rule should fire. Every case of a rule that a dflint rule lists
as an alias must give the same answer, except the differences below, each a deliberate
choice documented in the rule's docs.
"""

from __future__ import annotations

import json
import re

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from tests.conftest import SHARED, shared_path

RULES = builtin_rules()
ALIAS = {alias: rule_id for rule_id, info in RULES.items() for alias in info.aliases}
#: hadolint's ShellCheck cases are "SC*": any ShellCheck code, which DF400 reports
ALIAS["SC*"] = "DF400"

#: (hadolint code, test name) or (hadolint code, test name, Dockerfile) -> why dflint
#: answers differently (the three-part key when a test name covers several snippets)
DIFFERENCES = {
    ("DL3022", "warn on alias defined after"): "BuildKit resolves --from against every stage (DF107 docs)",
    ("DL3009", "don't warn: BuildKit cache mount to apt directories 1"): (
        "the case's `\\` has no newline after it, so BuildKit reads one --mount flag, not two"
    ),
    ("DL3062", "version not pinned"): (
        "`foobar` has no dot in its first element: go cannot download it (GOPATH or main-module code, DF413)"
    ),
    **{
        (code, "ok with version as arg - different stages"): (
            "an ARG's scope ends with its stage: in the new stage `${version}` is empty and the package manager "
            "gets `git-core-` (hadolint reports the same ENV case; DF403/DF404 docs)"
        )
        for code in ("DL3033", "DL3041")
    },
    (
        "DL3034",
        "ok with non-interactive switch present",
        "RUN zypper install -n httpd=2.4.24 && zypper clean",
    ): (
        "after the command, zypper's `-n` is install's `--name`, not the global `--non-interactive`: "
        "zypper still asks (DF407 docs)"
    ),
}


def _cases() -> list[dict]:  # type: ignore[type-arg]
    path = SHARED / "conformance" / "hadolint" / "cases.json"
    if not path.exists():
        return [{"rule": "<missing>", "test_name": "", "dockerfile": "", "expect_violation": False}]
    return [c for c in json.loads(path.read_text(encoding="utf-8")) if c["rule"] in ALIAS]


def _options(case: dict) -> dict | None:  # type: ignore[type-arg]
    config = case.get("hspec_config", "def")
    if config == "def":
        return {}
    if "allowedRegistries" in config:
        listed = config.split("allowedRegistries", 1)[1].split("]", 1)[0]
        return {"trusted-registries": re.findall(r'"([^"]+)"', listed)}
    if "labelSchema" in config:
        types = {"RawText": "text", "Url": "url", "Rfc3339": "rfc3339", "Spdx": "spdx"}
        types |= {"GitHash": "hash", "SemVer": "semver", "Email": "email"}
        pairs = re.findall(r'\(\s*"([^"]+)"\s*,\s*(?:Rule\.)?(\w+)\s*\)', config)
        return {
            "label-schema": {name: types[kind] for name, kind in pairs},
            "strict-labels": "strictLabels = True" in config,
        }
    return None  # a hadolint setting dflint has no equivalent for yet


CASES = _cases()


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['rule']}-{i}-{c['test_name'][:40]}" for i, c in enumerate(CASES)]
)
def test_hadolint_case(case: dict) -> None:  # type: ignore[type-arg]
    shared_path("conformance", "hadolint", "cases.json")
    text = case["dockerfile"] if case["dockerfile"].endswith("\n") else case["dockerfile"] + "\n"
    if not re.search(r"^\s*FROM\b", text, re.MULTILINE | re.IGNORECASE):
        # hadolint's snippets often have no FROM; dflint checks instructions in a stage
        text = "FROM scratch\n" + text
    options = _options(case)
    if options is None:
        pytest.skip(f"hadolint setting without a dflint equivalent: {case['hspec_config']}")
    rule_id = ALIAS[case["rule"]]
    settings = Settings(
        rules=RULES,
        enabled=frozenset({rule_id}),
        options={rule_id: {**RULES[rule_id].option_defaults(), **options}},
    )
    result = lint_text(text, "Dockerfile", settings)
    assert not result.internal_errors
    # a rule answering to several codes tags each finding with its own (DF640's DL3049..DL3058)
    fired = any(
        d.code is None or d.code == case["rule"] or (case["rule"] == "SC*" and d.code.startswith("SC"))
        for d in result.diagnostics
    )
    why = DIFFERENCES.get((case["rule"], case["test_name"], case["dockerfile"])) or DIFFERENCES.get(
        (case["rule"], case["test_name"])
    )
    if why:
        assert fired != case["expect_violation"], f"no longer differs from hadolint ({why}): drop the entry"
    else:
        assert fired == case["expect_violation"], [d.message for d in result.diagnostics]


def test_every_case_has_a_rule_and_at_least_98_percent_agree() -> None:
    """Every rule of hadolint's suite answers to a dflint rule (ShellCheck's cases to
    the ShellCheck rule), and the deliberate differences stay under 2% of all cases."""
    path = shared_path("conformance", "hadolint", "cases.json")
    cases = json.loads(path.read_text(encoding="utf-8"))
    without = sorted({c["rule"] for c in cases if c["rule"] not in ALIAS and not c["rule"].startswith("SC")})
    assert without == []
    differing = [
        c
        for c in cases
        if (c["rule"], c["test_name"], c["dockerfile"]) in DIFFERENCES
        or (c["rule"], c["test_name"]) in DIFFERENCES
    ]
    assert len(cases) == 699
    assert 1 - len(differing) / len(cases) >= 0.98, [(c["rule"], c["test_name"]) for c in differing]
