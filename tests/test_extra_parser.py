"""BuildKit's parser unit tests (conformance/buildkit/extra): heredocs, directives,
words, JSON arrays, name/value pairs, line numbers, warnings, the line-length limit."""

from __future__ import annotations

import json
from typing import Any

import pytest

import dflint
from dflint.syntax import buildkit as bk
from dflint.syntax import cst, directives
from dflint.syntax.positions import Positions
from tests.conftest import SHARED, shared_path

EXTRA = SHARED / "conformance" / "buildkit" / "extra"


def load(name: str) -> dict[str, Any]:
    return json.loads(shared_path("conformance", "buildkit", "extra", name).read_text(encoding="utf-8"))


def cases(name: str, *keys: str) -> list[Any]:
    """The cases at ``keys`` in an extra/*.json file, for parametrize (one placeholder if absent)."""
    path = EXTRA / name
    if not path.exists():
        return [pytest.param(None, id="missing")]
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    for key in keys:
        data = data[key]
    return data


def first_line(df: cst.Dockerfile, instr: cst.Instruction) -> str:
    start, _ = Positions(df).instruction_lines(instr)
    return df.code.split("\n")[start - 1].strip()


# -- heredocs -------------------------------------------------------------------------


@pytest.mark.parametrize("test", ["TestParseExtractsHeredoc", "TestParseJSONHeredoc"])
def test_heredocs_in_a_file(test: str) -> None:
    case = load("heredoc_cases.json")[test]
    df = dflint.parse(case["input"])
    assert df.code == case["input"]
    for child in case["expected_children"]:
        instr = df.instructions[child["child_index"]]
        assert first_line(df, instr) == child["first_line"]
        documents = getattr(instr, "heredoc_documents", [])
        if isinstance(instr, cst.Onbuild) and instr.trigger is not None:
            documents = getattr(instr.trigger, "heredoc_documents", [])
        got = [
            {
                "Name": d.name,
                "FileDescriptor": d.file_descriptor,
                "Expand": d.expand,
                "Chomp": d.chomp,
                "Content": d.content,
            }
            for d in documents
        ]
        assert got == (child["heredocs"] or [])
    assert len(df.instructions) == 1 + len(case["expected_children"])


def test_heredoc_chomp() -> None:
    case = load("heredoc_cases.json")["TestHeredocChomp"]
    assert bk.chomp_heredoc_content(case["input"]) == case["expected"]


@pytest.mark.parametrize("word", cases("heredoc_cases.json", "TestParseHeredocHelpers", "valid_name_EOF"))
def test_parse_heredoc_valid(word: str | None) -> None:
    if word is None:
        shared_path("conformance", "buildkit", "extra", "heredoc_cases.json")
    spec = bk.parse_heredoc(word)  # type: ignore[arg-type]
    assert spec is not None and spec.name == "EOF"


@pytest.mark.parametrize("word", cases("heredoc_cases.json", "TestParseHeredocHelpers", "error"))
def test_parse_heredoc_error(word: str | None) -> None:
    if word is None:
        shared_path("conformance", "buildkit", "extra", "heredoc_cases.json")
    with pytest.raises(bk.BuildKitError, match="unexpected end of statement"):
        bk.parse_heredoc(word)  # type: ignore[arg-type]


@pytest.mark.parametrize("word", cases("heredoc_cases.json", "TestParseHeredocHelpers", "not_heredoc_nil"))
def test_parse_heredoc_not_a_heredoc(word: str | None) -> None:
    if word is None:
        shared_path("conformance", "buildkit", "extra", "heredoc_cases.json")
    assert bk.parse_heredoc(word) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("case", cases("heredoc_cases.json", "TestHeredocsFromLine", "cases"))
def test_heredocs_from_line(case: dict[str, Any] | None) -> None:
    if case is None:
        shared_path("conformance", "buildkit", "extra", "heredoc_cases.json")
    assert [h.name for h in bk.heredocs_from_line(case["line"])] == case["names"]  # type: ignore[index]


def test_unterminated_heredoc_is_an_error() -> None:
    with pytest.raises(dflint.DockerfileSyntaxError, match="unterminated heredoc") as info:
        dflint.parse("FROM a\nRUN <<EOF\necho hi\n")
    assert info.value.line == 2


# -- directives ------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("directive_cases.json", "TestDirectives"))
def test_directive_parser_parse_all(case: dict[str, Any] | None) -> None:
    if case is None:
        shared_path("conformance", "buildkit", "extra", "directive_cases.json")
    got = [{"Name": d.name, "Value": d.value} for d in directives.parse_all(case["input"])]  # type: ignore[index]
    assert got == case["expected"]  # type: ignore[index]


@pytest.mark.parametrize(
    "case",
    cases("directive_cases.json", "TestDetectSyntax") + cases("directive_cases.json", "TestDetectSyntaxBOM"),
)
def test_detect_syntax(case: dict[str, Any] | None) -> None:
    if case is None:
        shared_path("conformance", "buildkit", "extra", "directive_cases.json")
    assert case is not None
    found = directives.detect_syntax(case["input"])
    assert (found is not None) == case["ok"]
    if found is not None:
        assert found.ref == case["ref"]
        if "cmdline" in case:
            assert found.cmdline == case["cmdline"]
        if "line" in case:
            assert found.line == case["line"]


@pytest.mark.parametrize("case", cases("directive_cases.json", "TestParseDirective"))
def test_parse_check_directive(case: dict[str, Any] | None) -> None:
    if case is None:
        shared_path("conformance", "buildkit", "extra", "directive_cases.json")
    assert case is not None
    found = directives.parse_directive("check", case["input"])
    assert (found is not None) == case["ok"]
    if found is not None:
        assert found.ref == case["ref"]
        if "cmdline" in case:
            assert found.cmdline == case["cmdline"]
        assert found.line == case["line"]


@pytest.mark.parametrize(
    "case",
    cases(
        "directive_cases.json",
        "parse_level_directive_behaviour (from parser.go/directives.go source, not a Go test)",
    ),
)
def test_parser_rejects_bad_directives(case: dict[str, Any] | None) -> None:
    if case is None:
        shared_path("conformance", "buildkit", "extra", "directive_cases.json")
    assert case is not None
    with pytest.raises(dflint.DockerfileSyntaxError) as info:
        dflint.parse(case["input"])
    assert info.value.message == case["expect_parse_error"]
    assert info.value.line in (1, 2)


def test_directives_in_the_tree() -> None:
    df = dflint.parse("# syntax=docker/dockerfile:1\n#ESCAPE = `\n# check=skip=all\nFROM a `\n  AS b\n")
    assert [(d.name, d.value) for d in df.directives] == [
        ("syntax", "docker/dockerfile:1"),
        ("escape", "`"),
        ("check", "skip=all"),
    ]
    assert df.escape == "`"
    assert df.instructions[0].argument_values == ["a", "AS", "b"]


# -- words, JSON, name/value pairs -----------------------------------------------------


@pytest.mark.parametrize("case", cases("parser_misc_cases.json", "TestParseWords", "cases"))
def test_parse_words(case: dict[str, Any] | None) -> None:
    if case is None:
        shared_path("conformance", "buildkit", "extra", "parser_misc_cases.json")
    assert bk.parse_words(case["input"], "\\") == case["expect"]  # type: ignore[index]
    # The same words through the tree: ARG keeps parseWords' words.
    df = dflint.parse("ARG " + case["input"] + "\n")  # type: ignore[index]
    assert df.instructions[0].argument_values == case["expect"]  # type: ignore[index]


@pytest.mark.parametrize("case", cases("parser_misc_cases.json", "TestJSONArraysOfStrings", "valid"))
def test_json_arrays_of_strings(case: dict[str, Any] | None) -> None:
    if case is None:
        shared_path("conformance", "buildkit", "extra", "parser_misc_cases.json")
    assert case is not None
    assert bk.parse_json_array(case["input"]) == case["expect"]
    df = dflint.parse("CMD " + case["input"])
    cmd = df.instructions[0]
    assert isinstance(cmd, cst.Cmd)
    assert cmd.form == ("exec" if case["expect"] or case["input"].strip() else None)
    assert cmd.argument_values == case["expect"]


@pytest.mark.parametrize(
    "text",
    cases(
        "parser_misc_cases.json",
        "TestJSONArraysOfStrings",
        "invalid_not_string_array (hard parse error 'when using JSON array syntax, arrays must be comprised of strings only')",
    ),
)
def test_json_array_with_a_non_string_is_an_error(text: str | None) -> None:
    if text is None:
        shared_path("conformance", "buildkit", "extra", "parser_misc_cases.json")
    with pytest.raises(bk.BuildKitError):
        bk.parse_json_array(text)  # type: ignore[arg-type]
    with pytest.raises(
        dflint.DockerfileSyntaxError, match="arrays must be comprised of strings only"
    ) as info:
        dflint.parse(f"FROM a\nRUN {text}\n")
    assert (info.value.line, info.value.column) == (2, 1)


@pytest.mark.parametrize("case", cases("parser_misc_cases.json", "TestParseNameVal"))
def test_parse_name_val(case: dict[str, Any] | None) -> None:
    if case is None:
        shared_path("conformance", "buildkit", "extra", "parser_misc_cases.json")
    assert case is not None
    call = case["function"]  # parseNameVal("foo bar", "LABEL")
    rest, key = json.loads("[" + call[call.index("(") + 1 : call.rindex(")")] + "]")
    if "expect_error" in case:
        with pytest.raises(bk.BuildKitError, match=case["expect_error"]):
            bk.parse_name_val(rest, key, "\\")
        return
    assert [v for triple in bk.parse_name_val(rest, key, "\\") for v in triple] == case["expect_nodes"]
    df = dflint.parse(f"{key} {rest}\n")
    assert df.instructions[0].argument_values == case["expect_nodes"]


# -- line numbers, warnings, limits ----------------------------------------------------


def test_line_numbers() -> None:
    case = load("parser_misc_cases.json")["TestParseIncludesLineNumbers"]
    path = shared_path("conformance", "buildkit", case["input_file"])
    df = dflint.parse(path.read_bytes().decode("utf-8"))
    positions = Positions(df)
    lines = [list(positions.instruction_lines(i)) for i in df.instructions]
    assert lines == case["children_lines"]
    assert (lines[0][0], lines[-1][1]) == (case["root_start_line"], case["root_end_line"])


def test_empty_continuation_warnings() -> None:
    case = load("parser_misc_cases.json")["TestParseWarnsOnEmptyContinutationLine"]
    df = dflint.parse(case["input"])
    warnings = df.parse_warnings
    assert len(warnings) == case["warnings_count"]
    for warning, expected in zip(warnings, case["warning_short_contains"], strict=True):
        assert expected in warning.short
        assert case["warning_detail_contains"] in warning.detail
    # The comment-only continuations parse the same, without a warning.
    assert all(not i.has_empty_continuation_line for i in df.instructions[-2:])
    assert df.instructions[-2].argument_values == ["non-indented    after-comment"]


def test_line_longer_than_the_scanner_limit() -> None:
    case = load("parser_misc_cases.json")["TestParseReturnsScannerErrors"]
    text = "\n\t\tFROM image\n\t\tLABEL test=" + "a" * 65536 + "\n"
    with pytest.raises(dflint.DockerfileSyntaxError) as info:
        dflint.parse(text)
    assert info.value.message == case["expect_error"]
    assert info.value.line == 3
    # One byte under the limit is fine.
    ok = "FROM image\nLABEL t=" + "a" * (65535 - len("LABEL t=")) + "\n"
    assert dflint.parse(ok).code == ok
