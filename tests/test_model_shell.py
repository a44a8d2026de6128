"""RUN commands as parsed shell: commands, words, connectors, nesting, spans."""

from __future__ import annotations

import pytest

import dflint
from dflint.model import shell
from dflint.syntax import cst
from dflint.syntax.positions import Positions


def parse_run(
    text: str, index: int = -1, shell_line: tuple[str, ...] = shell.DEFAULT_SHELL
) -> shell.ParsedShell:
    df = dflint.parse(text)
    instr = df.instructions[index]
    if isinstance(instr, cst.Onbuild):
        instr = instr.trigger  # type: ignore[assignment]
    parsed = shell.parse_instruction(instr, Positions(df), shell_line)
    assert parsed is not None
    return parsed


def argvs(parsed: shell.ParsedShell) -> list[list[str | None]]:
    return [c.argv for c in parsed.commands]


def assert_spans(text: str, parsed: shell.ParsedShell) -> None:
    for command in parsed.commands:
        for word in command.words:
            if "sh -c" not in command.context:
                assert cst.logical(text[word.start : word.end]) == word.source, word


# -- commands and connectors -------------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("apt-get update", [["apt-get", "update"]]),
        ("a && b || c; d & e | f", [["a"], ["b"], ["c"], ["d"], ["e"], ["f"]]),
        ("set -eux; apk add --no-cache curl", [["set", "-eux"], ["apk", "add", "--no-cache", "curl"]]),
        ("cd /src && make -j$(nproc) install", [["cd", "/src"], ["make", None, "install"], ["nproc"]]),
        ("FOO=1 BAR=2 env", [["env"]]),
        ("FOO=1", [[]]),
        ("export A=1 B", [["export", "A=1", "B"]]),
        ("export A=$B C", [["export", None, "C"]]),
        ("echo 'a b' \"c d\" e\\ f", [["echo", "a b", "c d", "e f"]]),
        ("echo \"$HOME/x\" ${A:-b} $'a\\tb'", [["echo", None, None, "a\tb"]]),
        ("echo a\"b\"'c'", [["echo", "abc"]]),
        ("if [ -f x ]; then rm -f x; else touch x; fi", [["rm", "-f", "x"], ["touch", "x"]]),
        ("for i in a b; do echo $i; done", [["echo", None]]),
        ("while true; do sleep 1; done", [["true"], ["sleep", "1"]]),
        ("case $x in a) echo a;; *) echo b;; esac", [["echo", "a"], ["echo", "b"]]),
        ("f() { echo in; }; f", [["echo", "in"], ["f"]]),
        ("(cd /x && make)", [["cd", "/x"], ["make"]]),
        ("{ echo a; echo b; } > log", [["echo", "a"], ["echo", "b"]]),
        ("! grep -q x file", [["grep", "-q", "x", "file"]]),
        ("echo `date`", [["echo", None], ["date"]]),
        ("diff <(sort a) b", [["diff", None, "b"], ["sort", "a"]]),
        ("/usr/bin/apt-get -y install x", [["/usr/bin/apt-get", "-y", "install", "x"]]),
    ],
)
def test_commands(run: str, expected: list[list[str | None]]) -> None:
    text = f"FROM a\nRUN {run}\n"
    parsed = parse_run(text)
    assert parsed.errors == ()
    assert argvs(parsed) == expected
    assert_spans(text, parsed)


def test_connectors_and_context() -> None:
    parsed = parse_run("FROM a\nRUN a && b || c; d | e & (f; { g; }) && h\n")
    got = [(c.argv[0], c.connector, c.context) for c in parsed.commands]
    assert got == [
        ("a", None, ()),
        ("b", "&&", ()),
        ("c", "||", ()),
        ("d", ";", ()),
        ("e", "|", ()),
        ("f", "&", ("subshell",)),
        ("g", ";", ("subshell", "group")),
        ("h", "&&", ()),
    ]


def test_command_name_is_the_basename() -> None:
    parsed = parse_run("FROM a\nRUN /usr/bin/pip3 install x && $PIP install y\n")
    assert [c.name for c in parsed.commands] == ["pip3", None]


def test_assignments_and_redirects() -> None:
    parsed = parse_run(
        "FROM a\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y x 2>&1 > /tmp/log < /dev/null\n"
    )
    (command,) = parsed.commands
    assert [(a.name, a.value.value if a.value else None) for a in command.assignments] == [
        ("DEBIAN_FRONTEND", "noninteractive")
    ]
    assert [(r.operator, r.descriptor, r.target.value if r.target else None) for r in command.redirects] == [
        (">&", "2", "1"),
        (">", None, "/tmp/log"),
        ("<", None, "/dev/null"),
    ]


# -- continuations, comments and heredocs -------------------------------------------------


def test_continuations_with_comment_lines_between() -> None:
    text = (
        "FROM debian\n"
        "RUN apt-get update \\\n"
        "    # the index first\n"
        "    && apt-get install -y \\\n"
        "\n"
        "       --no-install-recommends curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    )
    parsed = parse_run(text)
    assert argvs(parsed) == [
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "curl"],
        ["rm", "-rf", "/var/lib/apt/lists/*"],
    ]
    assert_spans(text, parsed)
    positions = Positions(dflint.parse(text))
    install = parsed.commands[1]
    flag = install.words[3]
    where = positions.position(flag.start)
    assert (where.line, where.column) == (6, 8)
    # A fix inserting after "install" edits line 4.
    assert positions.position(install.words[1].end).line == 4


def test_a_word_split_by_a_continuation() -> None:
    text = "FROM a\nRUN wget https://example.com/very/long/\\\npath/file.tgz\n"
    parsed = parse_run(text)
    word = parsed.commands[0].words[1]
    assert word.value == "https://example.com/very/long/path/file.tgz"
    assert text[word.start : word.end] == "https://example.com/very/long/\\\npath/file.tgz"


def test_heredoc_script() -> None:
    text = "FROM a\nRUN <<EOF\nset -e\n# a comment\napt-get update\nEOF\n"
    parsed = parse_run(text)
    assert parsed.script == "set -e\n# a comment\napt-get update\n"
    assert argvs(parsed) == [["set", "-e"], ["apt-get", "update"]]
    assert_spans(text, parsed)


def test_heredoc_script_with_tabs_removed() -> None:
    text = "FROM a\nRUN <<-EOF\n\tapk add x\n\tEOF\n"
    parsed = parse_run(text)
    assert parsed.script == "apk add x\n"
    assert_spans(text, parsed)
    assert text[parsed.commands[0].words[0].start] == "a"


def test_heredoc_with_a_shebang_for_another_interpreter_is_not_shell() -> None:
    df = dflint.parse("FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n")
    assert shell.parse_instruction(df.instructions[1], Positions(df)) is None
    df = dflint.parse("FROM a\nRUN <<EOF\n#!/bin/bash\necho hi\nEOF\n")
    parsed = shell.parse_instruction(df.instructions[1], Positions(df))
    assert parsed is not None and argvs(parsed) == [["echo", "hi"]]


def test_heredoc_read_by_the_shell() -> None:
    text = "FROM a\nRUN cat <<A > /etc/x && python3 <<'B'\nline $X\nA\nprint(1)\nB\n"
    parsed = parse_run(text)
    assert parsed.script == "cat <<A > /etc/x && python3 <<'B'\nline $X\nA\nprint(1)\nB"
    assert argvs(parsed) == [["cat"], ["python3"]]
    assert [r.target.value for r in parsed.commands[0].redirects if r.target] == ["A", "/etc/x"]
    assert parsed.errors == ()
    assert_spans(text, parsed)


def test_a_shell_reading_its_script_from_a_heredoc() -> None:
    text = "FROM a\nRUN bash -e <<EOF && echo done\napt-get install -y x\ncat <<X >/f\ninner\nX\nEOF\n"
    parsed = parse_run(text)
    assert [(c.argv, c.context) for c in parsed.commands] == [
        (["bash", "-e"], ()),
        (["apt-get", "install", "-y", "x"], ("heredoc",)),
        (["cat"], ("heredoc",)),
        (["echo", "done"], ()),
    ]
    assert parsed.commands[0].redirects[0].operator == "<<"
    assert_spans(text, parsed)


def test_pipeline_after_a_heredoc() -> None:
    parsed = parse_run("FROM a\nRUN cat <<EOF | sh && echo ok\necho hi\nEOF\n")
    assert [(c.argv, c.connector) for c in parsed.commands] == [
        (["cat"], None),
        (["sh"], "|"),
        (["echo", "ok"], "&&"),
    ]


# -- sh -c, exec form, SHELL ------------------------------------------------------------


def test_sh_c_is_parsed_again_with_spans() -> None:
    text = "FROM a\nRUN bash -o pipefail -ec 'apt-get install -y x && echo \"$(id -u)\"'\n"
    parsed = parse_run(text)
    assert argvs(parsed) == [
        ["bash", "-o", "pipefail", "-ec", 'apt-get install -y x && echo "$(id -u)"'],
        ["apt-get", "install", "-y", "x"],
        ["echo", None],
        ["id", "-u"],
    ]
    assert parsed.commands[1].context == ("sh -c",)
    assert parsed.commands[3].context == ("sh -c", "substitution")
    word = parsed.commands[1].words[0]
    assert text[word.start : word.end] == "apt-get"


def test_sh_c_with_escapes_maps_through_them() -> None:
    text = 'FROM a\nRUN sh -c "echo \\"a b\\" \\$HOME"\n'
    parsed = parse_run(text)
    inner = parsed.commands[1]
    assert inner.argv == ["echo", "a b", None]
    assert text[inner.words[1].start : inner.words[1].end] == '\\"a b\\"'


def test_dynamic_sh_c_is_not_parsed() -> None:
    parsed = parse_run('FROM a\nRUN sh -c "$CMD"\n')
    assert argvs(parsed) == [["sh", "-c", None]]


def test_exec_form_sh_c() -> None:
    text = 'FROM a\nRUN ["/bin/bash", "-c", "apt-get install -y \\"x\\" && ls"]\n'
    parsed = parse_run(text)
    assert argvs(parsed) == [["apt-get", "install", "-y", "x"], ["ls"]]
    word = parsed.commands[0].words[3]
    assert text[word.start : word.end] == '\\"x\\"'


def test_exec_form_without_a_shell_is_not_parsed() -> None:
    df = dflint.parse('FROM a\nRUN ["apt-get", "install", "x"]\n')
    assert shell.parse_instruction(df.instructions[1], Positions(df)) is None


@pytest.mark.parametrize(
    ("shell_line", "kind"),
    [
        (("/bin/sh", "-c"), "posix"),
        (("/bin/bash", "-o", "pipefail", "-c"), "posix"),
        (("ash", "-c"), "posix"),
        (("powershell", "-Command"), "other"),
        (("cmd", "/S", "/C"), "other"),
        (("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",), "other"),
        (("/usr/bin/python3", "-c"), "unknown"),
    ],
)
def test_shell_kinds(shell_line: tuple[str, ...], kind: str) -> None:
    assert shell.shell_kind(shell_line) == kind


def test_powershell_is_skipped() -> None:
    df = dflint.parse("FROM a\nRUN $url = 'x'; Invoke-WebRequest $url\n")
    assert shell.parse_instruction(df.instructions[1], Positions(df), ("powershell", "-Command")) is None


def test_onbuild_run() -> None:
    parsed = parse_run("FROM a\nONBUILD RUN pip install -r requirements.txt\n")
    assert argvs(parsed) == [["pip", "install", "-r", "requirements.txt"]]


def test_backtick_escape_directive() -> None:
    text = "# escape=`\nFROM a\nRUN echo a `\n  && echo b\n"
    parsed = parse_run(text)
    assert argvs(parsed) == [["echo", "a"], ["echo", "b"]]
    assert_spans(text, parsed)


def test_non_ascii_offsets() -> None:
    text = "FROM a\nRUN echo 'héllo wörld' && touch ☃\n"
    parsed = parse_run(text)
    assert argvs(parsed) == [["echo", "héllo wörld"], ["touch", "☃"]]
    assert_spans(text, parsed)


# -- errors -------------------------------------------------------------------------------


def test_syntax_errors_are_located() -> None:
    text = "FROM a\nRUN echo ok && if then fi\n"
    parsed = parse_run(text)
    assert parsed.errors
    error = parsed.errors[0]
    assert text.index("RUN") < error.start <= error.end <= len(text)
    assert error.message.startswith("shell syntax error")


def test_unterminated_quote_is_an_error() -> None:
    parsed = parse_run('FROM a\nRUN echo "unterminated\n')
    assert parsed.errors


@pytest.mark.parametrize(
    ("run", "message", "at"),
    [
        ("echo start && \\\n    if true; then echo x", "'if' is not closed by 'fi'", "if"),
        ("for x in a b; do echo", "'do' is not closed by 'done'", "do"),
        ("case x in a) echo;; ", "'case' is not closed by 'esac'", "case"),
        ("{ echo a; ", "'{' is not closed by '}'", "{"),
        ("(cd x && make", "'(' is not closed by ')'", "("),
        ("echo $(ls", "'$(' is not closed by ')'", "$("),
        ('echo "abc', "'\"' is not closed by '\"'", '"'),
        ("echo 'abc", "unterminated quoted string", "'abc"),
        ("a && && b", "unexpected '&&'", "&&"),
        ("&& echo", "unexpected '&&'", "&&"),
        ("echo ok; fi", "unexpected 'fi'", "fi"),
        ("echo ok; \\\n  done", "unexpected 'done'", "done"),
    ],
)
def test_syntax_error_messages_say_what_is_wrong_and_point_at_it(run: str, message: str, at: str) -> None:
    text = f"FROM a\nRUN {run}\n"
    parsed = parse_run(text)
    assert [e.message for e in parsed.errors][:1] == [f"shell syntax error: {message}"]
    error = parsed.errors[0]
    assert text[error.start : error.end] == at


@pytest.mark.parametrize("run", ["X=1 fi", "echo fi done", "echo '}'", "if a; then b; fi", "{ a; }"])
def test_reserved_words_as_arguments_are_not_errors(run: str) -> None:
    assert not parse_run(f"FROM a\nRUN {run}\n").errors


def test_negated_group() -> None:
    # tree-sitter-bash reads `! {` as a command named `{`; the model does not.
    text = "FROM a\nRUN ! { ldd x.so | grep 'not found'; }; \\\n  echo ok\n"
    parsed = parse_run(text)
    assert not parsed.errors
    assert argvs(parsed) == [["ldd", "x.so"], ["grep", "not found"], ["echo", "ok"]]
    assert [c.context for c in parsed.commands] == [("negated", "group"), ("negated", "group"), ()]
    assert [c.connector for c in parsed.commands] == [None, "|", ";"]
    assert_spans(text, parsed)


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        # sh needs no `;` between a compound command and the reserved word after it;
        # tree-sitter-bash does. (bash -n and dash -n accept all of these.)
        ("if a; then if b; then c; fi fi", [["a"], ["b"], ["c"]]),
        ("for i in 1; do for j in 2; do echo; done done", [["echo"]]),
        ("if true; then (echo a) else echo b; fi", [["true"], ["echo", "a"], ["echo", "b"]]),
        ("if a; then (b) \\\n  elif c; then d; fi", [["a"], ["b"], ["c"], ["d"]]),
        ("if a; then { b; } fi", [["a"], ["b"]]),
        ("while a; do case x in y) z;; esac done", [["a"], ["z"]]),
    ],
)
def test_compound_command_closed_without_a_separator(run: str, expected: list[list[str]]) -> None:
    text = f"FROM a\nRUN {run}\n"
    parsed = parse_run(text)
    assert not parsed.errors
    assert argvs(parsed) == expected
    assert_spans(text, parsed)


def test_a_stray_closing_word_is_still_an_error() -> None:
    parsed = parse_run("FROM a\nRUN if a; then b; fi fi\n")
    assert [e.message for e in parsed.errors] == ["shell syntax error: unexpected 'fi'"]


# -- backquotes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("echo `a` `b`", [["echo", None, None], ["a"], ["b"]]),
        ("echo `a`x`b`", [["echo", None], ["a"], ["b"]]),
        ("echo ` echo bar`; ls", [["echo", None], ["echo", "bar"], ["ls"]]),
        ('echo "`date +%s`" done', [["echo", None, "done"], ["date", "+%s"]]),
        ("`which python` -m pip install x", [[None, "-m", "pip", "install", "x"], ["which", "python"]]),
        ("echo \\`not\\` 'nor `this`' `real`", [["echo", "`not`", "nor `this`", None], ["real"]]),
        ("X=$(id -u) Y=`id -g` Z=$(b)", [[], ["id", "-u"], ["id", "-g"], ["b"]]),
        # A comment in backquotes expands to nothing: an idiom for notes in a chain.
        (
            "apt-get install -y \\\n  pcntl `# for tests` \\\n  g++ `#folly deps` \\\n  && echo ok",
            [["apt-get", "install", "-y", "pcntl", "g++"], ["echo", "ok"]],
        ),
        ("echo `  #c` # it's `#x`", [["echo"]]),
    ],
)
def test_backquoted_substitutions(run: str, expected: list[list[str | None]]) -> None:
    text = f"FROM a\nRUN {run}\n"
    parsed = parse_run(text)
    assert not parsed.errors
    assert argvs(parsed) == expected
    assert_spans(text, parsed)


def test_escaped_backquotes_nest() -> None:
    text = "FROM a\nRUN git describe `git rev-list \\`echo x\\``\n"
    parsed = parse_run(text)
    assert argvs(parsed) == [["git", "describe", None], ["git", "rev-list", None], ["echo", "x"]]
    assert [c.context for c in parsed.commands] == [(), ("substitution",), ("substitution", "substitution")]
    inner = parsed.commands[1].words[2]
    assert (inner.source, text[inner.start : inner.end]) == ("`echo x`", "\\`echo x\\`")
    echo = parsed.commands[2].words[0]
    assert text[echo.start : echo.end] == "echo"


def test_a_redirection_after_a_list_belongs_to_its_last_command() -> None:
    # tree-sitter-bash reads `a && b > f` as `(a && b) > f`; sh binds `> f` to `b` alone
    from dflint.model.stages import Model
    from dflint.syntax.parser import parse

    df = parse("FROM d\nRUN a && b > /dev/null\nRUN a | b && c >> /log\nRUN a && { b; } > /f\n")
    model = Model(df)
    redirects = [
        [
            (c.name, [(r.operator, r.target.value if r.target else None) for r in c.redirects])
            for c in p.commands
        ]
        for p in (model.shell(i) for i in df.instructions[1:])
        if p is not None
    ]
    assert redirects == [
        [("a", []), ("b", [(">", "/dev/null")])],
        [("a", []), ("b", []), ("c", [(">>", "/log")])],
        [("a", []), ("b", [])],  # the group's redirection is no simple command's
    ]
