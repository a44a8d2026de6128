"""DF640 label-schema and DF641 invalid-label-key beyond their examples: each DF640
finding answers to its own hadolint code, the schema's types are checked in the
configuration, hadolint's `label-schema` is read from a .hadolint.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dflint.catalogue import builtin_rules
from dflint.cli import main
from dflint.engine import Settings, lint_text

RULES = builtin_rules()
SCHEMA = {
    "org.opencontainers.image.source": "url",
    "org.opencontainers.image.version": "semver",
    "maintainer": "email",
}


def found(text: str, rule: str = "DF640", **options: object) -> list[tuple[int, str | None]]:
    settings = Settings(
        rules=RULES,
        enabled=frozenset({rule}),
        options={rule: {**RULES[rule].option_defaults(), **options}},
    )
    result = lint_text(text, "Dockerfile", settings)
    assert not result.internal_errors
    return [(d.start.line, d.code) for d in result.diagnostics]


def test_each_finding_carries_its_code() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "LABEL org.opencontainers.image.source=example.com \\\n"
        "      maintainer=nobody \\\n"
        '      org.opencontainers.image.version="" extra=1\n'
    )
    assert found(text, **{"label-schema": SCHEMA, "strict-labels": True}) == [
        (2, "DL3052"),
        (3, "DL3058"),
        (4, "DL3051"),
        (4, "DL3050"),
    ]
    assert found("FROM debian:bookworm-slim\n", **{"label-schema": SCHEMA}) == [(1, "DL3049")]


def test_a_pragma_naming_one_code_silences_only_that_code() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "# hadolint ignore=DL3052\n"
        "LABEL org.opencontainers.image.source=example.com maintainer=nobody\n"
    )
    assert found(text, **{"label-schema": SCHEMA}) == [(3, "DL3058"), (1, "DL3049")] or found(
        text, **{"label-schema": SCHEMA}
    ) == [(1, "DL3049"), (3, "DL3058")]
    silenced_all = text.replace("ignore=DL3052", "ignore=DF640")
    assert found(silenced_all, **{"label-schema": SCHEMA}) == [(1, "DL3049")]
    both = text.replace("ignore=DL3052", "ignore=DL3052,DL3058")
    assert found(both, **{"label-schema": SCHEMA}) == [(1, "DL3049")]


def test_values_from_variables() -> None:
    schema = {"org.opencontainers.image.revision": "hash"}
    known = "FROM debian:bookworm-slim\nARG REV=main\nLABEL org.opencontainers.image.revision=$REV\n"
    assert found(known, **{"label-schema": schema}) == [(3, "DL3055")]
    unknown = "FROM debian:bookworm-slim\nARG REV\nLABEL org.opencontainers.image.revision=$REV\n"
    assert found(unknown, **{"label-schema": schema}) == []  # set by --build-arg: unknown here
    # a key dflint cannot expand may be the required one: no "missing" finding
    assert found("FROM debian:bookworm-slim\nARG K\nLABEL $K=x\n", **{"label-schema": schema}) == []


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (
            "url",
            ["https://example.com/a?b=1", "mailto:a@b.c", "urn:isbn:0451450523"],
            ["example.com", "http//x", "a b:c"],
        ),
        (
            "rfc3339",
            ["2021-03-10T10:26:33.564595127+01:00", "1985-04-12T23:20:50Z"],
            ["2021-03-10", "2021-13-10T10:00:00Z", "2021-03-10 10:00:00Z"],
        ),
        (
            "spdx",
            ["MIT", "Apache-2.0 OR MIT", "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-acme"],
            ["Apache 2", "not-spdx", "MIT OR"],
        ),
        (
            "hash",
            ["2dbfae9", "43c572f1272b6b3171dd1db9e41b7027128ce080"],
            ["2dbfae", "not-git-hash", "43c572f1272b6b3171dd1db9e41b7027128ce080a"],
        ),
        ("semver", ["1.0.0", "1.2.3-rc.1+build.5"], ["1.0", "v1.0.0", "01.0.0"]),
        (
            "email",
            ["abcd@google.com", "a.b+c@sub.example.org", '"a b"@example.com'],
            ["not-email", "a@", "a..b@example.com"],
        ),
    ],
)
def test_value_forms(kind: str, good: list[str], bad: list[str]) -> None:
    schema = {"x": kind}
    for value in good:
        assert found(f"FROM scratch\nLABEL x='{value}'\n", **{"label-schema": schema}) == [], value
    for value in bad:
        assert [c for _, c in found(f"FROM scratch\nLABEL x='{value}'\n", **{"label-schema": schema})], value


def test_onbuild_label_keys_are_judged_as_written() -> None:
    assert found("FROM debian:bookworm-slim\nONBUILD LABEL Bad_Key=1\n", "DF641") == [(2, None)]
    assert found("FROM debian:bookworm-slim\nONBUILD LABEL ${NS}.key=1\n", "DF641") == []


def test_schema_types_are_checked_and_hadolint_yaml_is_read(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\nLABEL maintainer=nobody\n")
    (tmp_path / ".hadolint.yaml").write_text(
        "label-schema:\n  maintainer: email\n  org.opencontainers.image.source: url\n"
    )
    assert main(["--format", "json", "--select", "DF640", "Dockerfile"]) == 1
    out = json.loads(capsys.readouterr().out)["diagnostics"]
    assert sorted(d["message"].split(":")[0] for d in out) == [
        "Label `maintainer` is not an email address (RFC 5322)",
        "The label `org.opencontainers.image.source` is missing from the image this stage builds",
    ]
    (tmp_path / ".dflint.yaml").write_text("rules:\n  DF640:\n    label-schema: {maintainer: mail}\n")
    assert main(["Dockerfile"]) == 2
    err = capsys.readouterr().err
    assert "`mail` is not one of text, url, rfc3339, spdx, hash, semver, email" in err


def test_ignoring_one_alias_of_a_rule_with_several_drops_only_its_findings(
    tmp_path: Path,
    capsys,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text(
        "FROM debian:bookworm-slim\nLABEL org.opencontainers.image.source=x\n"
    )
    (tmp_path / ".dflint.yaml").write_text(
        "rules:\n  DF640:\n    label-schema: {org.opencontainers.image.source: url, maintainer: email}\n"
    )

    def codes(*args: str) -> list[str]:
        main(["--format", "json", "--select", "DF640", *args, "Dockerfile"])
        return sorted(d["message"].split(" ")[0] for d in json.loads(capsys.readouterr().out)["diagnostics"])

    assert codes() == ["Label", "The"]  # DL3052 (not a URL) and DL3049 (maintainer missing)
    assert codes("--ignore", "DL3052") == ["The"]
    assert codes("--ignore", "DL3049") == ["Label"]
    assert codes("--ignore", "DF640") == []


def test_a_code_names_its_equivalent_in_the_other_tool_only() -> None:
    dup = "FROM debian:bookworm-slim AS base\nFROM debian:bookworm-slim AS Base\n"
    settings = Settings(rules=RULES, enabled=frozenset({"DF106"}))
    assert sorted(d.code or "" for d in lint_text(dup, "Dockerfile", settings).diagnostics) == [
        "DL3024",
        "StageNameCasing",
    ]
    for pragma, left in (
        ("# check=skip=StageNameCasing", ["DL3024"]),
        ("# check=skip=DuplicateStageName", ["StageNameCasing"]),
        ("# hadolint ignore=DL3024", ["StageNameCasing"]),
        ("# dflint: ignore=DF106", []),
    ):
        text = dup.replace(
            "FROM debian:bookworm-slim AS Base", f"{pragma}\nFROM debian:bookworm-slim AS Base"
        )
        found = lint_text(text, "Dockerfile", settings).diagnostics
        assert sorted(d.code or "" for d in found) == left, pragma


def test_label_keys_as_hadolint_reads_them() -> None:
    # `_` and `/` are accepted (hadolint #1035); only `..` and `--` are doubled separators
    good = "LABEL app.kubernetes.io/name=web build_version=1 a.-b=1 a__b=1\n"
    assert found(f"FROM debian:bookworm-slim\n{good}", "DF641") == []
    for key in ("_a", "a_", "a/", "a..b", "a--b", "a:b", "Ab"):
        assert found(f"FROM debian:bookworm-slim\nLABEL {key}=1\n", "DF641") == [(2, None)], key
