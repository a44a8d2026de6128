"""The typed tree: accessors, spans, edits, visitors."""

from __future__ import annotations

import pytest

import dflint
from dflint.syntax import cst
from dflint.syntax.positions import Positions
from dflint.syntax.visit import Transformer, Visitor

SOURCE = (
    "# syntax=docker/dockerfile:1\r\n"
    "ARG BASE=python:3.12 \\\r\n"
    "    TAG\r\n"
    "# the build stage\r\n"
    "FROM --platform=$BUILDPLATFORM ${BASE} AS build\r\n"
    "RUN --mount=type=cache,target=/root/.cache \\\r\n"
    "    # a comment inside\r\n"
    "    pip install -r req.txt\r\n"
    'ENV A=1 B="two words"\r\n'
    "LABEL maintainer someone@example.com\r\n"
    'CMD ["python", "-m", "app"]\r\n'
    "COPY --from=build <<EOF /app/\r\n"
    "hello\r\n"
    "EOF\r\n"
    "ONBUILD RUN echo hi\r\n"
)


@pytest.fixture(scope="module")
def df() -> cst.Dockerfile:
    return dflint.parse(SOURCE)


def test_round_trip_keeps_crlf(df: cst.Dockerfile) -> None:
    assert df.code == SOURCE
    assert all(i.newline == "\r\n" for i in df.instructions if not isinstance(i, cst.Onbuild))


def test_instruction_classes_and_names(df: cst.Dockerfile) -> None:
    assert [type(i).__name__ for i in df.instructions] == [
        "Arg", "From", "Run", "Env", "Label", "Cmd", "Copy", "Onbuild",
    ]  # fmt: skip
    assert [i.name for i in df.instructions][:3] == ["arg", "from", "run"]
    assert df.directive("syntax").value == "docker/dockerfile:1"  # type: ignore[union-attr]


def test_from(df: cst.Dockerfile) -> None:
    from_ = df.instructions[1]
    assert isinstance(from_, cst.From)
    assert from_.image == "${BASE}"
    assert from_.stage_name == "build"
    assert from_.platform == "$BUILDPLATFORM"
    assert from_.prev_comment == ["the build stage"]


def test_flags(df: cst.Dockerfile) -> None:
    run = df.instructions[2]
    (flag,) = run.flags
    assert (flag.name, flag.value, flag.text) == ("mount", "type=cache,target=/root/.cache", flag.raw)
    assert run.flag("mount") is flag and run.flag("network") is None
    quoted = dflint.parse('FROM a\nCOPY --chown="a b" -- --x /d\n').instructions[1]
    assert [f.text for f in quoted.flags] == ["--chown=a b", None]
    assert quoted.flags[1].is_terminator
    assert quoted.builder_flags == ["--chown=a b"]
    assert isinstance(quoted, cst.Copy) and quoted.sources == ["--x"] and quoted.destination == "/d"


def test_shell_form_command_is_what_the_shell_gets(df: cst.Dockerfile) -> None:
    run = df.instructions[2]
    assert isinstance(run, cst.Run)
    assert run.form == "shell"
    # The comment line is dropped, the blanks around the command are trimmed.
    assert run.command == "pip install -r req.txt"
    assert run.arguments.whitespace_before == " \\\r\n    # a comment inside\r\n    "  # type: ignore[union-attr]
    assert run.has_empty_continuation_line is False
    (continuation,) = run.continuations
    assert [line.kind for line in continuation.skipped] == ["comment"]


def test_exec_form(df: cst.Dockerfile) -> None:
    cmd = df.instructions[5]
    assert isinstance(cmd, cst.Cmd)
    assert cmd.form == "exec" and cmd.argv == ["python", "-m", "app"] and cmd.command is None
    assert [e.raw for e in cmd.arguments.elements] == ['"python"', '"-m"', '"app"']  # type: ignore[union-attr]
    # Invalid JSON is shell form, exactly as BuildKit reads it.
    odd = dflint.parse("FROM a\nCMD ['sleep 1000']\n").instructions[1]
    assert isinstance(odd, cst.Cmd) and odd.form == "shell" and odd.command == "['sleep 1000']"


def test_key_values(df: cst.Dockerfile) -> None:
    env, label = df.instructions[3], df.instructions[4]
    assert isinstance(env, cst.Env) and isinstance(label, cst.Label)
    assert [(p.key.value, p.separator, p.value.value) for p in env.pairs] == [
        ("A", "=", "1"),
        ("B", "=", '"two words"'),
    ]
    assert label.pairs[0].is_legacy
    assert (label.pairs[0].key.value, label.pairs[0].value.value) == ("maintainer", "someone@example.com")
    arg = df.instructions[0]
    assert isinstance(arg, cst.Arg)
    assert [(d.name.value, d.default.value if d.default else None) for d in arg.declarations] == [
        ("BASE", "python:3.12"),
        ("TAG", None),
    ]


def test_heredocs(df: cst.Dockerfile) -> None:
    copy = df.instructions[6]
    assert isinstance(copy, cst.Copy)
    (doc,) = copy.heredoc_documents
    assert (doc.name, doc.expand, doc.chomp, doc.file_descriptor, doc.content) == (
        "EOF",
        True,
        False,
        0,
        "hello\r\n",
    )
    assert doc.body.terminator == "EOF\r\n"
    chomped = dflint.parse("FROM a\nRUN <<-'X' 3<<Y cat\n\tbody\n\tX\ny\nY\n").instructions[1]
    assert isinstance(chomped, cst.Run)
    assert [(d.name, d.expand, d.chomp, d.file_descriptor, d.content) for d in chomped.heredoc_documents] == [
        ("X", False, True, 0, "\tbody\n"),
        ("Y", True, False, 3, "y\n"),
    ]


def test_onbuild_trigger_is_a_whole_instruction(df: cst.Dockerfile) -> None:
    onbuild = df.instructions[7]
    assert isinstance(onbuild, cst.Onbuild) and isinstance(onbuild.trigger, cst.Run)
    assert onbuild.trigger.command == "echo hi"
    assert onbuild.newline == "" and onbuild.trigger.newline == "\r\n"


def test_spans_are_syntactic_and_one_based(df: cst.Dockerfile) -> None:
    positions = Positions(df)
    run = df.instructions[2]
    span = positions.span(run)
    assert (span.start.line, span.start.column) == (6, 1)
    assert (span.end.line, span.end.column) == (8, 27)
    flag_span = positions.span(run.flags[0])
    assert (flag_span.start.line, flag_span.start.column, flag_span.end.column) == (6, 5, 43)
    assert positions.instruction_lines(df.instructions[6]) == (12, 14)
    full = positions.full_span(df.instructions[1])
    assert full.start.line == 4  # the comment line above belongs to the instruction
    for node in df.walk():
        whole = positions.full_span(node)
        assert SOURCE[whole.start.offset : whole.end.offset] == node.code


def test_with_changes_and_deep_replace_keep_everything_else(df: cst.Dockerfile) -> None:
    cmd = df.instructions[5]
    assert isinstance(cmd, cst.Cmd)
    first = cmd.arguments.elements[0]  # type: ignore[union-attr]
    changed = df.deep_replace(first, first.with_changes(raw='"python3"'))
    assert changed.code == SOURCE.replace('"python"', '"python3"')
    assert df.code == SOURCE  # nodes are immutable
    assert changed.instructions[5].argv == ["python3", "-m", "app"]  # type: ignore[attr-defined]
    assert dflint.parse(changed.code).deep_equals(changed)


def test_transformer_can_remove_and_visitor_sees_subclasses(df: cst.Dockerfile) -> None:
    class DropLabels(Transformer):
        def leave_Label(self, original: cst.Label, updated: cst.Label) -> object:
            return cst.REMOVE

    without = df.visit(DropLabels())
    assert isinstance(without, cst.Dockerfile)
    assert "LABEL" not in without.code and len(without.instructions) == len(df.instructions) - 1

    class Names(Visitor):
        def __init__(self) -> None:
            self.seen: list[str] = []

        def visit_Instruction(self, node: cst.Instruction) -> None:
            self.seen.append(node.name)

    names = Names()
    df.visit(names)
    assert names.seen == ["arg", "from", "run", "env", "label", "cmd", "copy", "onbuild", "run"]


def test_escape_directive() -> None:
    text = "# escape=`\nFROM windows\nRUN dir c:\\ `\n  && echo done\nCOPY c:\\src\\ c:\\dst\\\n"
    df = dflint.parse(text)
    assert df.escape == "`"
    assert df.instructions[1].command == "dir c:\\   && echo done"  # type: ignore[attr-defined]
    assert df.instructions[2].argument_values == ["c:\\src\\", "c:\\dst\\"]
    assert df.code == text


def test_bom_and_no_final_newline() -> None:
    text = "\ufeffFROM a\nRUN b"
    df = dflint.parse(text)
    assert df.bom == "\ufeff" and df.instructions[-1].newline == "" and df.code == text


def test_unknown_instructions_parse() -> None:
    df = dflint.parse("FROM a\nFOO --x bar baz\n")
    unknown = df.instructions[1]
    assert isinstance(unknown, cst.Unknown)
    assert unknown.keyword.value == "FOO" and unknown.builder_flags == ["--x"] and unknown.value == "bar baz"


def test_empty_continuation_warning() -> None:
    df = dflint.parse("FROM a\nRUN a \\\n\n  b\n")
    (warning,) = df.parse_warnings
    assert warning.short == "Empty continuation line found in: RUN a   b"
    assert Positions(df).instruction_lines(warning.instruction) == (2, 4)
