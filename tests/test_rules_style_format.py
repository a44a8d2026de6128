"""Hard cases for the format rules of hadolint and BuildKit parity: keyword casing
(DF620), legacy ENV/LABEL (DF621), MAINTAINER (DF622), undefined variables (DF623),
empty continuation lines (DF624), definition descriptions (DF625), inline pragmas
(DF003) and unknown instructions (DF004). Fixes are compared byte for byte, CRLF and
the backtick escape included."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()


def _settings(rules: tuple[str, ...], options: dict | None = None) -> Settings:  # type: ignore[type-arg]
    return Settings(
        rules=RULES,
        enabled=frozenset(rules),
        options={r: {**RULES[r].option_defaults(), **(options or {}).get(r, {})} for r in rules},
    )


def diagnostics(text: str, *rules: str, options: dict | None = None) -> list:  # type: ignore[type-arg]
    result = lint_text(text, "Dockerfile", _settings(rules, options))
    assert not result.internal_errors
    return result.diagnostics


def found(text: str, *rules: str, options: dict | None = None) -> list[tuple[int, str]]:  # type: ignore[type-arg]
    return [(d.start.line, d.rule) for d in diagnostics(text, *rules, options=options)]


def fixed(text: str, *rules: str, applicability: Applicability = Applicability.UNSAFE) -> str:
    """The text after the fix loop; it must parse, round-trip, and lint clean."""
    s = _settings(rules)
    outcome = fix_text(text, "Dockerfile", s, applicability)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    if outcome.text != text:
        left = [d for d in lint_text(outcome.text, "Dockerfile", s).diagnostics if d.fix is not None]
        assert left == [], [d.message for d in left]
    return outcome.text


# -- DF620 inconsistent-instruction-casing ------------------------------------------------


def test_casing_majority_tie_and_mixed_case() -> None:
    assert found("FROM a\nrun x\nRUN y\ncmd z\n", "DF620") == [(2, "DF620"), (4, "DF620")]
    assert found("from a\nrun x\nRUN y\n", "DF620") == [(3, "DF620")]
    # a tie is upper case; a mixed-case word never counts and is always reported
    assert found("FROM a\nrun x\nCopy a b\n", "DF620") == [(2, "DF620"), (3, "DF620")]
    assert found("from a\nrun x\nCopy a b\n", "DF620") == [(3, "DF620")]
    [d] = diagnostics("from a\nrun x\nCopy a b\n", "DF620")
    assert "mixes upper and lower case" in d.message and (d.start.column, d.end.column) == (1, 5)


def test_casing_counts_global_args_and_onbuild_triggers() -> None:
    text = "arg V=1\nFROM a:$V\nONBUILD run make\nonbuild RUN make\n"
    assert found(text, "DF620") == [(1, "DF620"), (3, "DF620"), (4, "DF620")]
    assert fixed(text, "DF620") == "ARG V=1\nFROM a:$V\nONBUILD RUN make\nONBUILD RUN make\n"


def test_casing_ignores_unknown_instructions() -> None:
    assert found("from a\nrun x\nFOO bar\n", "DF620") == []


def test_casing_fix_keeps_continuations_crlf_and_heredocs() -> None:
    # the keyword itself is continued: only its letters change
    assert fixed("from a\nRU\\\nN echo hi\nrun x\n", "DF620") == "from a\nru\\\nn echo hi\nrun x\n"
    assert (
        fixed("FROM a\r\nrun x \\\r\n  && y\r\nCMD z\r\n", "DF620")
        == "FROM a\r\nRUN x \\\r\n  && y\r\nCMD z\r\n"
    )
    heredoc = "FROM a\nrun <<EOF\nrun this text stays\nEOF\nCMD x\n"
    assert fixed(heredoc, "DF620") == "FROM a\nRUN <<EOF\nrun this text stays\nEOF\nCMD x\n"
    backtick = "# escape=`\nfrom a\nRUN echo `\n    hi\nrun x\n"
    assert fixed(backtick, "DF620") == "# escape=`\nfrom a\nrun echo `\n    hi\nrun x\n"


def test_casing_fix_recases_as_with_from_and_leaves_df106_its_own() -> None:
    assert fixed("FROM a AS b\nrun x\ncmd y\n", "DF620") == "from a as b\nrun x\ncmd y\n"
    assert fixed("From a As b\nrun x\n", "DF620") == "from a as b\nrun x\n"
    # `as` already mismatches FROM: DF106 reports it, DF620 only re-cases FROM
    assert fixed("FROM a as b\nrun x\ncmd y\n", "DF620") == "from a as b\nrun x\ncmd y\n"
    assert (
        fixed("FROM a AS b\nRUN x\nfrom c as d\ncmd y\n", "DF620")
        == "FROM a AS b\nRUN x\nFROM c AS d\nCMD y\n"
    )
    both = fixed("FROM a as b\nrun x\ncmd y\n", "DF620", "DF106")
    assert both == "from a as b\nrun x\ncmd y\n"
    assert found(both, "DF620", "DF106") == []


# -- DF621 legacy-key-value-format --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM a\nENV A b\n", "FROM a\nENV A=b\n"),
        ("FROM a\nENV A b c\n", 'FROM a\nENV A="b c"\n'),
        ("FROM a\r\nENV A b c\r\nLABEL x  y\r\n", 'FROM a\r\nENV A="b c"\r\nLABEL x=y\r\n'),
        ("FROM a\nLABEL a\tb\n", "FROM a\nLABEL a=b\n"),
        ("FROM a\nENV P /opt/bin:$PATH\n", "FROM a\nENV P=/opt/bin:$PATH\n"),
        ('FROM a\nENV A "b c"\n', 'FROM a\nENV A="b c"\n'),
        # quotes and blanks outside them: each outside blank is escaped
        ('FROM a\nENV A "b c" d\n', 'FROM a\nENV A="b c"\\ d\n'),
        ("FROM a\nENV A it\\'s here\n", "FROM a\nENV A=it\\'s\\ here\n"),
        # the escape directive's backtick
        ('# escape=`\nFROM a\nENV A "b c" d\n', '# escape=`\nFROM a\nENV A="b c"` d\n'),
        ("# escape=`\nFROM a\nENV A c:\\x y\n", '# escape=`\nFROM a\nENV A="c:\\x y"\n'),
        # continuation lines: inside the value they stay, between key and value they go
        ("FROM a\nENV OPTS -a \\\n\t-b\n", 'FROM a\nENV OPTS="-a \\\n\t-b"\n'),
        ("FROM a\nENV OPTS \\\n    -a -b\n", 'FROM a\nENV OPTS="-a -b"\n'),
        ("# escape=`\nFROM a\nENV OPTS -a `\n    -b\n", '# escape=`\nFROM a\nENV OPTS="-a `\n    -b"\n'),
        ("FROM a\nONBUILD ENV A b c\n", 'FROM a\nONBUILD ENV A="b c"\n'),
    ],
)
def test_legacy_env_fix_means_the_same(text: str, expected: str) -> None:
    assert fixed(text, "DF621", applicability=Applicability.SAFE) == expected
    assert found(expected, "DF621") == []


def test_legacy_env_reported_without_fix_when_no_build_can_expand_it() -> None:
    text = 'FROM a\nENV A "b c" \'d\n'
    [d] = diagnostics(text, "DF621")
    assert d.fix is None and d.start.line == 2
    assert fixed(text, "DF621") == text


def test_legacy_env_finding_spans_the_pair() -> None:
    [d] = diagnostics("FROM a\nENV  A b c  \n", "DF621")
    assert (d.start.column, d.end.column) == (6, 11)
    assert 'write `A="b c"`' in d.message


# -- DF622 maintainer -----------------------------------------------------------------


def test_maintainer_fix_is_unsafe_and_keeps_the_text() -> None:
    text = "FROM a\nMAINTAINER Jane <j@x.org>\n"
    assert fixed(text, "DF622", applicability=Applicability.SAFE) == text
    assert fixed(text, "DF622") == 'FROM a\nLABEL org.opencontainers.image.authors="Jane <j@x.org>"\n'


def test_maintainer_fix_escapes_with_the_files_escape_and_keeps_crlf() -> None:
    text = '# escape=`\r\nFROM a\r\nMAINTAINER a`b "c" $D\r\n'
    assert fixed(text, "DF622") == (
        '# escape=`\r\nFROM a\r\nLABEL org.opencontainers.image.authors="a``b `"c`" `$D"\r\n'
    )
    text = "FROM a\nMAINTAINER C:\\me \\\n   and you\n"
    assert fixed(text, "DF622") == 'FROM a\nLABEL org.opencontainers.image.authors="C:\\\\me    and you"\n'


def test_maintainer_casing_onbuild_and_before_from() -> None:
    assert fixed("from a\nmaintainer me\nrun x\n", "DF622") == (
        'from a\nlabel org.opencontainers.image.authors="me"\nrun x\n'
    )
    assert fixed("FROM a\nONBUILD MAINTAINER me\n", "DF622") == (
        'FROM a\nONBUILD LABEL org.opencontainers.image.authors="me"\n'
    )
    assert found("MAINTAINER me\nFROM a\n", "DF622") == [(1, "DF622")]


# -- DF623 undefined-variable ---------------------------------------------------------


def test_undefined_variable_scopes() -> None:
    # a global ARG is seen in a stage only once declared there
    assert found("ARG V=1\nFROM scratch\nLABEL v=$V\n", "DF623") == [(3, "DF623")]
    assert found("ARG V=1\nFROM scratch\nARG V\nLABEL v=$V\n", "DF623") == []
    # predefined ARGs too
    [d] = diagnostics("FROM scratch\nWORKDIR /$TARGETARCH\n", "DF623")
    assert "ARG TARGETARCH" in d.message and "base image" not in d.message
    assert (
        found("FROM scratch\nARG TARGETARCH\nARG HTTP_PROXY\nLABEL a=$TARGETARCH b=$HTTP_PROXY\n", "DF623")
        == []
    )
    # ENV and ARG carry over to a stage built FROM another
    text = "FROM scratch AS base\nENV E=1\nARG A=2\nFROM base AS child\nFROM child\nLABEL e=$E a=$A\n"
    assert found(text, "DF623") == []
    # but not to a stage that only copies from it
    assert found("FROM scratch AS base\nENV E=1\nFROM scratch\nLABEL e=$E\n", "DF623") == [(4, "DF623")]
    # PATH is always set; an ARG without value is declared
    assert found("FROM scratch\nARG X\nENV PATH=/x:$PATH Y=$X\n", "DF623") == []


def test_undefined_variable_messages() -> None:
    [d] = diagnostics("FROM scratch\nARG APP_VERSION=1\nCOPY a-$APP_VERISON /\n", "DF623")
    assert d.message.endswith("did you mean `$APP_VERSION`?")
    [d] = diagnostics("FROM scratch\nENV X=$Y\nARG Y\n", "DF623")
    assert "declared on line 3, after this use" in d.message
    [d] = diagnostics("FROM debian:12\nENV H=$HOME/bin\n", "DF623")
    assert "(unless the base image `debian` sets it)" in d.message
    # one finding per name and instruction, on the word
    [d] = diagnostics("FROM scratch\nENV A=$X B=$X\n", "DF623")
    assert (d.start.column, d.end.column) == (7, 9)


def test_undefined_variable_only_in_words_the_builder_expands() -> None:
    text = (
        "FROM scratch\n"
        "RUN echo $UNSET && sh -c 'echo $ALSO'\n"
        'RUN ["echo", "$UNSET"]\n'
        "RUN <<EOF\necho $UNSET\nEOF\n"
        "CMD echo $UNSET\n"
        "ONBUILD COPY $LATER /x\n"
        "COPY --from=build /$UNSET /x\n"
    )
    assert found(text, "DF623") == [(9, "DF623")]  # a COPY path is expanded, even with --from


def test_undefined_variable_in_mounts_heredocs_and_continuations() -> None:
    text = "FROM scratch\nRUN --mount=type=cache,target=$CACHE \\\n    make\n"
    assert found(text, "DF623") == [(2, "DF623")]
    assert found("FROM scratch\nARG CACHE=/c\n" + text.split("\n", 1)[1], "DF623") == []
    assert found("FROM scratch\nCOPY <<EOF /x\n$BODY\nEOF\n", "DF623") == [(3, "DF623")]
    assert found("FROM scratch\nCOPY <<'EOF' /x\n$BODY\nEOF\n", "DF623") == []
    assert found("FROM scratch\nCOPY a \\\n    /opt/$DEST/\n", "DF623") == [(3, "DF623")]
    # the backtick escape makes `$X literal
    assert found("# escape=`\nFROM scratch\nENV A=`$X\n", "DF623") == []
    # a default or alternative handles the unset name (BuildKit reports it all the same)
    assert found("FROM scratch\nENV A=${X:-1} B=${Y+y} C=${Z:+z}\n", "DF623") == []
    assert found("FROM scratch\nENV A=${X:-1}$X\n", "DF623") == [(2, "DF623")]
    assert found("FROM scratch\nENV A=${X:?required} B='${Y:-1}'\n", "DF623") == [(2, "DF623")]
    assert found("FROM scratch\nENV A=${X:-$Y}\n", "DF623") == [(2, "DF623")]
    assert found("FROM scratch\nENV L=${L:+$L:}/lib M=${M:+${M}:}/lib\n", "DF623") == []
    assert found("FROM scratch\nENV A=${X#$Y}\n", "DF623") == [(2, "DF623"), (2, "DF623")]


def test_undefined_variable_base_image_env() -> None:
    assert found("FROM python:3.12-slim\nLABEL py=$PYTHON_VERSION\n", "DF623") == []
    assert found("FROM alpine:3.20\nLABEL py=$PYTHON_VERSION\n", "DF623") == [(2, "DF623")]
    # through a parent stage
    assert found("FROM golang:1.22 AS b\nFROM b\nWORKDIR $GOPATH/src\n", "DF623") == []
    assert found("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /$DOTNET_VERSION\n", "DF623") == []
    assert found("FROM mirror.gcr.io/library/golang:1.22\nWORKDIR $GOPATH\n", "DF623") == []
    assert found("FROM oracle/serverjre:8\nENV PATH=$JAVA_HOME/bin:$PATH\n", "DF623") == []
    text = "FROM company/base\nWORKDIR $APP_HOME\n"
    assert found(text, "DF623") == [(2, "DF623")]
    assert found(text, "DF623", options={"DF623": {"base-image-env": ["APP_HOME"]}}) == []
    # on scratch, nothing is assumed
    assert found(
        "FROM scratch\nWORKDIR $APP_HOME\n", "DF623", options={"DF623": {"base-image-env": ["APP_HOME"]}}
    ) == [(2, "DF623")]


# -- DF624 empty-continuation-line ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM a\nRUN a \\\n\n    b\n", "FROM a\nRUN a \\\n    b\n"),
        ("FROM a\r\nRUN a && \\\r\n   \r\n\tb\r\n", "FROM a\r\nRUN a && \\\r\n\tb\r\n"),
        # comments inside the continuation are kept, every empty line goes
        (
            "FROM a\nRUN a \\\n# note\n\n    && b \\\n\n    && c\n",
            "FROM a\nRUN a \\\n# note\n    && b \\\n    && c\n",
        ),
        ("# escape=`\nFROM a\nRUN a `\n\n  b\n", "# escape=`\nFROM a\nRUN a `\n  b\n"),
        ("FROM a\nONBUILD RUN a \\\n\n  b\n", "FROM a\nONBUILD RUN a \\\n  b\n"),
        # `\` at column 80, `;` at line ends, 4-space indent, `set -eux;` prefix
        (
            "FROM a\nRUN set -eux; "
            + "x" * 64
            + " \\\n\n    make;"
            + " " * 70
            + "\\\n    \n    make install\n",
            "FROM a\nRUN set -eux; " + "x" * 64 + " \\\n    make;" + " " * 70 + "\\\n    make install\n",
        ),
        # a `\` left before a blank line swallows the next instruction: still, once
        ("FROM a\nRUN a \\\n\nRUN b\n", "FROM a\nRUN a \\\nRUN b\n"),
    ],
)
def test_empty_continuation_fix(text: str, expected: str) -> None:
    assert len(found(text, "DF624")) == 1
    assert fixed(text, "DF624", applicability=Applicability.SAFE) == expected
    before, after = parse(text), parse(expected)
    assert [i.logical_line for i in before.instructions] == [i.logical_line for i in after.instructions]


def test_empty_continuation_not_in_heredocs_or_between_instructions() -> None:
    assert found("FROM a\nRUN <<EOF\necho a\n\necho b\nEOF\n\nRUN c\n", "DF624") == []
    assert found("FROM a\nRUN a \\\n    # comment only\n    b\n", "DF624") == []


def test_empty_continuation_reported_at_first_empty_line() -> None:
    [d] = diagnostics("FROM a\nRUN a \\\n\n  b \\\n  \n  c\n", "DF624")
    assert d.start.line == 3 and "2 empty lines" in d.message


# -- DF625 definition-description -----------------------------------------------------


def test_definition_description() -> None:
    assert found("# builds the app\nFROM a AS build\n", "DF625") == [(2, "DF625")]
    assert found("# build the app\nFROM a AS build\n# VERSION to use\nARG VERSION\n", "DF625") == []
    assert found("# Build the app\nFROM a AS Build\n# version to use\nARG VERSION\n", "DF625") == [
        (2, "DF625"),
        (4, "DF625"),
    ]
    # blank lines do not separate the comment (BuildKit's PrevComment); an empty `#` does
    assert found("# something else\n\nFROM a AS build\n", "DF625") == [(3, "DF625")]
    assert found("# something else\n#\nFROM a AS build\n", "DF625") == []
    # the last comment line is the description; several ARG names: any of them
    assert found("# intro\n# B the second\nARG A B\n", "DF625") == []
    assert found("# intro\nFROM a\nONBUILD ARG X\n", "DF625") == []  # no stage name; triggers not checked
    assert found("FROM a\n# other\nONBUILD ARG X\n", "DF625") == []


# -- DF003 inline-ignore-pragma -------------------------------------------------------


def test_inline_pragmas_reported_file_pragmas_not() -> None:
    text = (
        "# dflint: ignore-file=DF101\n"
        "# hadolint global ignore=DL3006\n"
        "FROM a\n"
        "# hadolint ignore=DL3008\n"
        "RUN x\n"
        "# dflint: ignore\n"
        "\n"
        "RUN y\n"
        "# check=skip=JSONArgsRecommended\n"
        "CMD z\n"
        "# hadolint shell=bash\n"
        "# dflint: ignore=DF201\n"
    )
    assert found(text, "DF003") == [(4, "DF003"), (6, "DF003"), (9, "DF003"), (12, "DF003")]
    [d] = diagnostics("FROM a\r\n# hadolint ignore=DL3008\r\nRUN x\r\n", "DF003")
    assert (d.start.line, d.start.column, d.end.column) == (2, 1, 25)


def test_inline_pragma_rule_is_off_by_default() -> None:
    assert not RULES["DF003"].default_enabled
    assert not RULES["DF625"].default_enabled


# -- DF004 unknown-instruction --------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("RUNN", " (did you mean `RUN`?)"),
        ("runn", " (did you mean `run`?)"),
        ("Runn", " (did you mean `run`?)"),
        ("COPPY", " (did you mean `COPY`?)"),
        ("ENTRYPONT", " (did you mean `ENTRYPOINT`?)"),
        ("BUILD", " (did you mean `ONBUILD`?)"),
        ("BUILDX", ""),
        ("//", ""),
    ],
)
def test_unknown_instruction_suggestion(word: str, hint: str) -> None:
    [d] = diagnostics(f"FROM a\n{word} x\n", "DF004")
    assert d.message == f"Unknown instruction `{word}`: BuildKit fails the build{hint}"
    assert (d.start.line, d.start.column, d.end.column) == (2, 1, 1 + len(word))


def test_unknown_instruction_in_onbuild_and_continued_lines() -> None:
    [d] = diagnostics("FROM a\nONBUILD RUNN x\n", "DF004")
    assert "every build FROM this image fails" in d.message and d.start.column == 9
    assert found("FROM a\nRUN apk add \\\n    curl\n    git\n", "DF004") == [(4, "DF004")]
    assert found("FOO x\nFROM a\n", "DF004") == [(1, "DF004")]
