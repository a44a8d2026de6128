"""BuildKit's own parser test cases (conformance/buildkit): positive and negative."""

from __future__ import annotations

import pytest

from dflint.cli import main
from tests.conftest import shared_cases, shared_path

POSITIVE = shared_cases("conformance", "buildkit", "positive")
NEGATIVE = shared_cases("conformance", "buildkit", "negative")


@pytest.mark.parametrize("name", POSITIVE)
def test_positive_dump_matches_buildkit(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    case = shared_path("conformance", "buildkit", "positive", name)
    expected = (case / "result").read_bytes().decode("utf-8")
    assert main(["parse", "--format", "buildkit", str(case / "Dockerfile")]) == 0
    out = capsys.readouterr().out
    assert out == expected


@pytest.mark.parametrize("name", POSITIVE)
def test_positive_round_trips(name: str) -> None:
    import dflint

    text = (shared_path("conformance", "buildkit", "positive", name) / "Dockerfile").read_bytes().decode()
    assert dflint.parse(text).code == text


# The line each negative case is rejected at, and BuildKit's message for it.
NEGATIVE_EXPECTED = {
    "empty_dockerfile": (1, "empty file"),
    "only_comments": (1, "file with no instructions"),
    "env_no_value": (3, "ENV must have two arguments"),
    "shykes-nested-json": (1, "when using JSON array syntax, arrays must be comprised of strings only"),
}


@pytest.mark.parametrize("name", NEGATIVE)
def test_negative_exits_2_naming_the_line(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_path("conformance", "buildkit", "negative", name) / "Dockerfile"
    line, message = NEGATIVE_EXPECTED[name]
    assert main(["parse", "--format", "buildkit", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    first = captured.err.splitlines()[0]
    assert first.startswith(f"{path}:{line}:"), first
    assert f"error: {message}" in first


def test_every_negative_case_is_expected() -> None:
    assert set(NEGATIVE) == set(NEGATIVE_EXPECTED) or NEGATIVE == ["<missing>"]
