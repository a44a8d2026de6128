"""Codes of other linters that configs and pragmas may name.

A hadolint code or BuildKit check name that no dflint rule lists as an alias yet is
accepted in pragmas and configs (it silences nothing) instead of being reported as
unknown, so a file written for hadolint or ``docker build --check`` lints cleanly.
"""

from __future__ import annotations

import re

#: hadolint 2.15's rules (``src/Hadolint/Rule/DL*.hs``)
HADOLINT_CODES = frozenset(
    """
    DL1001 DL3000 DL3001 DL3002 DL3003 DL3004 DL3006 DL3007 DL3008 DL3009 DL3010 DL3011 DL3012
    DL3013 DL3014 DL3015 DL3016 DL3018 DL3019 DL3020 DL3021 DL3022 DL3023 DL3024 DL3025 DL3026
    DL3027 DL3028 DL3029 DL3030 DL3032 DL3033 DL3034 DL3035 DL3036 DL3037 DL3038 DL3040 DL3041
    DL3042 DL3043 DL3044 DL3045 DL3046 DL3047 DL3048 DL3049 DL3050 DL3051 DL3052 DL3053 DL3054
    DL3055 DL3056 DL3057 DL3058 DL3059 DL3060 DL3061 DL3062 DL3063 DL3064 DL3065 DL3066 DL3067
    DL4000 DL4001 DL4003 DL4004 DL4005 DL4006
    """.split()
)
#: hadolint rules since removed (DL3005 in 2023; DL3017, DL3031, DL3039 in 2021): old
#: pragmas still name them
HADOLINT_REMOVED = frozenset({"DL3005", "DL3017", "DL3031", "DL3039"})
#: ShellCheck codes, as hadolint passes them through
SHELLCHECK_CODE = re.compile(r"^SC\d{4}$")
#: BuildKit's build checks (``frontend/dockerfile/linter/ruleset.go``)
BUILDKIT_CHECKS = frozenset(
    """
    StageNameCasing FromAsCasing NoEmptyContinuation ConsistentInstructionCasing
    DuplicateStageName ReservedStageName JSONArgsRecommended MaintainerDeprecated
    UndefinedArgInFrom WorkdirRelativePath UndefinedVar MultipleInstructionsDisallowed
    LegacyKeyValueFormat InvalidBaseImagePlatform RedundantTargetPlatform SecretsUsedInArgOrEnv
    InvalidDefaultArgInFrom FromPlatformFlagConstDisallowed CopyIgnoredFile
    InvalidDefinitionDescription ExposeProtoCasing ExposeInvalidFormat
    """.split()
)


def is_foreign(code: str) -> bool:
    return (
        code.upper() in HADOLINT_CODES | HADOLINT_REMOVED
        or bool(SHELLCHECK_CODE.match(code.upper()))
        or code in BUILDKIT_CHECKS
    )


#: hadolint codes and the BuildKit check each is the same finding as: a finding tagged
#: with one answers to the other (``# check=skip=MultipleInstructionsDisallowed`` silences
#: DF304's DL4003 finding)
EQUIVALENT: dict[str, frozenset[str]] = {}
for _pair in (
    ("DL3024", "DuplicateStageName"),
    ("DL3063", "ReservedStageName"),
    ("DL3065", "RedundantTargetPlatform"),
    ("DL3029", "FromPlatformFlagConstDisallowed"),
    ("DL4003", "MultipleInstructionsDisallowed"),
    ("DL4004", "MultipleInstructionsDisallowed"),
    ("DL3012", "MultipleInstructionsDisallowed"),
    ("DL3025", "JSONArgsRecommended"),
    ("DL3000", "WorkdirRelativePath"),
    ("DL4000", "MaintainerDeprecated"),
    ("DL3064", "SecretsUsedInArgOrEnv"),
):
    for _a, _b in (_pair, _pair[::-1]):
        EQUIVALENT[_a.upper()] = EQUIVALENT.get(_a.upper(), frozenset()) | {_b.upper()}


def names_code(code: str, tagged: str) -> bool:
    """Whether ``code`` (written in a pragma or selector) names a finding tagged ``tagged``."""
    upper = code.upper()
    return upper == tagged.upper() or upper in EQUIVALENT.get(tagged.upper(), frozenset())


def why_unused(code: str) -> str:
    """Why a foreign code no rule answers to does nothing (for notes)."""
    if code.upper() in HADOLINT_REMOVED:
        return "hadolint has removed this rule"
    return "no dflint rule answers to it (docs/parity.md says why)"


def tool_of(code: str) -> str | None:
    """Which linter a code belongs to: "hadolint", "shellcheck", "buildkit", or None."""
    if code.upper() in HADOLINT_CODES | HADOLINT_REMOVED:
        return "hadolint"
    if SHELLCHECK_CODE.match(code.upper()):
        return "shellcheck"
    if code in BUILDKIT_CHECKS:
        return "buildkit"
    return None
