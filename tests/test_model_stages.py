"""Stages, the build graph, scopes and shells of the semantic model."""

from __future__ import annotations

import pytest

import dflint
from dflint.model.stages import Model
from dflint.model.variables import UNKNOWN
from dflint.syntax import cst


def model(text: str, **kwargs: object) -> Model:
    return Model(dflint.parse(text), **kwargs)  # type: ignore[arg-type]


# -- stages and bases --------------------------------------------------------------------


def test_stages_names_and_bases() -> None:
    m = model(
        "ARG BASE=python:3.12\n"
        "FROM ${BASE} AS Build\nRUN make\n"
        "FROM build AS test\nRUN make test\n"
        "FROM scratch\nCOPY --from=BUILD /out /\n"
    )
    assert [(s.index, s.name) for s in m.stages] == [(0, "build"), (1, "test"), (2, None)]
    build, test, final = m.stages
    assert build.base.expansion.value == "python:3.12"
    assert build.base.reference is not None and build.base.reference.full == "docker.io/library/python:3.12"
    assert test.base.stage == 0 and test.base.reference is None
    assert final.base.is_scratch
    assert [len(s.instructions) for s in m.stages] == [1, 1, 1]
    assert m.target is final


def test_from_names_only_previous_stages() -> None:
    m = model("FROM later AS first\nFROM alpine AS later\n")
    assert m.stages[0].base.stage is None
    reference = m.stages[0].base.reference
    assert reference is not None and reference.full == "docker.io/library/later"
    assert reference.tag_or_default == "latest"
    assert m.stages[0].base.unseen_stage == 1  # a likely mistake, for a rule to report
    assert model("FROM app AS App\n").stages[0].base.unseen_stage == 0
    assert model("FROM alpine AS a\nFROM a\n").stages[1].base.unseen_stage is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("FROM Ubuntu\n", "repository name (library/Ubuntu) must be lowercase"),
        ("ARG X=\nFROM ${X}\n", "base name should not be blank"),
        ("FROM a:b:c\n", "invalid reference format"),
    ],
)
def test_invalid_bases(text: str, error: str) -> None:
    base = model(text).stages[0].base
    assert base.reference is None and base.error is not None and error in base.error


def test_from_with_an_unknown_arg_is_unknown_not_guessed() -> None:
    m = model("ARG TAG\nFROM alpine:$TAG\n")
    base = m.stages[0].base
    assert base.expansion.value is None and base.reference is None
    assert "TAG" in base.expansion.unknown


def test_build_args_and_platform() -> None:
    m = model("ARG TAG=3.18\nFROM --platform=$BUILDPLATFORM alpine:$TAG\n", build_args={"TAG": "3.20"})
    stage = m.stages[0]
    assert stage.base.expansion.value == "alpine:3.20"
    assert stage.platform is not None and stage.platform.value is None  # only the build knows
    m = model("FROM --platform=$BUILDPLATFORM alpine\n", build_args={"BUILDPLATFORM": "linux/amd64"})
    assert m.stages[0].platform.value == "linux/amd64"  # type: ignore[union-attr]


def test_undeclared_arg_in_from_is_reported_unset() -> None:
    base = model("FROM alpine:$NOPE\n").stages[0].base
    assert base.expansion.unset == ("NOPE",)


# -- the graph ---------------------------------------------------------------------------


def test_dependencies_and_reachability() -> None:
    m = model(
        "FROM golang AS build\nRUN go build\n"
        "FROM alpine AS unused\nRUN true\n"
        "FROM alpine AS certs\nRUN apk add ca-certificates\n"
        "FROM scratch\n"
        "COPY --from=build /app /app\n"
        "COPY --from=2 /etc/ssl /etc/ssl\n"
        "COPY --from=nginx:1.25 /etc/nginx /etc/nginx\n"
        "RUN --mount=type=cache,from=unused,target=/x true\n"
    )
    final = m.stages[-1]
    assert [
        (d.kind, d.text, d.stage, d.reference.full if d.reference else None) for d in final.dependencies
    ] == [
        ("copy", "build", 0, None),
        ("copy", "2", 2, None),
        ("copy", "nginx:1.25", None, "docker.io/library/nginx:1.25"),
        ("mount", "unused", 1, None),
    ]
    assert m.reachable == {0, 1, 2, 3}
    m = model("FROM alpine AS a\nFROM alpine AS b\nFROM alpine\nCOPY --from=a / /\n")
    assert [s.name for s in m.unreachable] == ["b"]


def test_target() -> None:
    text = "FROM alpine AS base\nFROM base AS dev\nFROM base AS prod\n"
    m = model(text, target="DEV")
    assert m.target is not None and m.target.name == "dev"
    assert sorted(m.reachable) == [0, 1]
    with pytest.raises(ValueError, match="target stage"):
        model(text, target="nope")


@pytest.mark.parametrize(
    ("copy", "problem"),
    [
        ("COPY --from=1 / /", "names its own stage"),
        ("COPY --from=self / /", "names its own stage"),
        ("COPY --from=7 / /", "invalid stage index 7"),
        ("COPY --from=$X / /", "variable expansion is not supported for --from"),
        ("COPY --from=Bad:Ref / /", "invalid reference format"),
    ],
)
def test_dependency_problems(copy: str, problem: str) -> None:
    m = model(f"FROM alpine AS base\nFROM alpine AS self\n{copy}\n")
    (dependency,) = m.stages[1].dependencies
    assert dependency.problem is not None and problem in dependency.problem


def test_variables_in_stage_references_get_buildkits_own_message() -> None:
    text = "FROM alpine AS base\nFROM alpine\nCOPY --from=$X / /\nRUN --mount=from=$X,target=/m true\n"
    copy, mount = model(text).stages[1].dependencies
    assert copy.problem is not None and copy.problem.startswith(
        "variable expansion is not supported for --from"
    )
    assert mount.problem == "'from' doesn't support variable expansion, define alias stage instead"
    # A `$` that expansion leaves alone is no variable: the name is read as an image.
    (dependency,) = model("FROM alpine\nCOPY --from=img$ / /\n").stages[0].dependencies
    assert dependency.problem == "invalid reference format"


def test_cycles() -> None:
    m = model("FROM alpine AS a\nCOPY --from=b / /\nFROM alpine AS b\nCOPY --from=a / /\n")
    assert m.cycles() == [[0, 1]]
    assert model("FROM alpine AS a\nFROM a\n").cycles() == []


# -- scopes --------------------------------------------------------------------------------


def test_stage_scope_follows_arg_and_env_in_order() -> None:
    text = (
        "ARG VERSION=1.0\n"
        "FROM alpine\n"
        "ENV A=1\n"
        "ARG VERSION\n"
        "ENV B=$A-$VERSION A=2 C=$A\n"
        "ARG LATE=x\n"
        "RUN echo\n"
    )
    m = model(text)
    instrs = m.dockerfile.instructions
    assert "VERSION" not in m.scope_before(instrs[3])  # global ARGs need ARG inside a stage
    before_run = m.scope_before(instrs[-1])
    assert before_run["A"] == "2"
    assert before_run["B"] == "1-1.0"
    assert before_run["C"] == "1"  # one ENV sees the values from before it
    assert before_run["LATE"] == "x"
    assert m.expand("${VERSION}-${LATE}", instrs[-1]).value == "1.0-x"


def test_env_overrides_arg_of_the_same_name() -> None:
    m = model("FROM alpine\nENV X=env\nARG X=arg\nRUN echo\n")
    assert m.scope_before(m.dockerfile.instructions[-1])["X"] == "env"


def test_args_without_values_are_unknown() -> None:
    m = model("FROM alpine\nARG TOKEN\nRUN echo\n")
    scope = m.scope_before(m.dockerfile.instructions[-1])
    assert scope["TOKEN"] is UNKNOWN
    expansion = m.expand("x-$TOKEN", m.dockerfile.instructions[-1])
    assert expansion.value is None and expansion.unknown == ("TOKEN",)
    m = model("FROM alpine\nARG TOKEN\nRUN echo\n", build_args={"TOKEN": "t"})
    assert m.expand("x-$TOKEN", m.dockerfile.instructions[-1]).value == "x-t"


def test_env_is_inherited_by_child_stages_but_args_are_not() -> None:
    m = model("FROM alpine AS base\nENV HOME_DIR=/app\nARG SECRET=s\nFROM base\nRUN echo\n")
    scope = m.scope_before(m.dockerfile.instructions[-1])
    assert scope["HOME_DIR"] == "/app" and "SECRET" not in scope
    assert m.stages[1].base_env_known is False  # alpine's own ENV is not known
    assert model("FROM scratch AS a\nFROM a\n").stages[1].base_env_known is True


def test_undefined_names_are_recorded() -> None:
    m = model("FROM alpine\nENV A=1\nWORKDIR /$A/$B\n")
    expansion = m.expand(m.dockerfile.instructions[-1].value, m.dockerfile.instructions[-1])  # type: ignore[attr-defined]
    assert expansion.value == "/1/" and expansion.unset == ("B",)


def test_global_arg_defaults_see_earlier_global_args() -> None:
    m = model("ARG A=1\nARG B=${A}2\nFROM alpine:$B\n")
    assert m.stages[0].base.expansion.value == "alpine:12"


# -- shells --------------------------------------------------------------------------------


def test_shell_instruction_and_inheritance() -> None:
    m = model(
        'FROM alpine AS a\nRUN one\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN two\n'
        'FROM a\nRUN three\nSHELL ["powershell", "-Command"]\nRUN four\n'
    )
    runs = [i for i in m.dockerfile.instructions if isinstance(i, cst.Run)]
    assert [m.shell_of(r)[0] for r in runs] == ["/bin/sh", "/bin/bash", "/bin/bash", "powershell"]
    assert m.shell(runs[1]) is not None and m.shell(runs[3]) is None


def test_windows_base_defaults_to_cmd() -> None:
    m = model("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\\n")
    run = m.dockerfile.instructions[-1]
    assert m.shell_of(run) == ("cmd", "/S", "/C") and m.shell(run) is None


def test_onbuild_triggers_get_the_stage_scope_and_shell() -> None:
    m = model("FROM alpine\nENV A=1\nONBUILD RUN echo $A\n")
    onbuild = m.dockerfile.instructions[-1]
    assert isinstance(onbuild, cst.Onbuild) and onbuild.trigger is not None
    assert m.scope_before(onbuild.trigger)["A"] == "1"
    parsed = m.shell(onbuild.trigger)
    assert parsed is not None and parsed.commands[0].argv == ["echo", None]


def test_no_from() -> None:
    m = model("ARG A=1\n")
    assert m.stages == [] and m.target is None


# -- which words the builder expands (SYNTAX.md §1.10) -------------------------------------


def roles(m: Model, index: int) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    instr = m.dockerfile.instructions[index]
    return [(e.role, e.text, e.expansion.value, e.expansion.unset) for e in m.expansions(instr)]


def test_expanded_words_of_each_instruction() -> None:
    text = (
        "ARG TAG=1\n"  # 0
        "FROM --platform=$BUILDPLATFORM alpine:$TAG AS b\n"  # 1
        "ENV A=1 B=$A$X\n"  # 2
        "LABEL $A=$B\n"  # 3
        "ARG C=$A D=$C\n"  # 4
        "COPY --chown=$U:$G --from=b --chmod=$M $A /dst/$D\n"  # 5
        'ADD --checksum=$SUM ["$A", "/x"]\n'  # 6
        "WORKDIR /$A\n"  # 7
        "USER $U\n"  # 8
        "VOLUME /v$A\n"  # 9
        "STOPSIGNAL $S\n"  # 10
        "EXPOSE $P 80/$A\n"  # 11
        "RUN --mount=type=cache,target=/c/$A,from=b --network=$N echo $A\n"  # 12
        "CMD echo $A\n"  # 13
        "ONBUILD WORKDIR /$A\n"  # 14
    )
    m = model(text)
    assert roles(m, 1) == [
        ("image", "alpine:$TAG", "alpine:1", ()),
        ("--platform", "$BUILDPLATFORM", None, ()),
    ]
    assert roles(m, 2) == [
        ("env key", "A", "A", ()),
        ("env value", "1", "1", ()),
        ("env key", "B", "B", ()),
        ("env value", "$A$X", "", ("A", "X")),  # one ENV sees the scope before it
    ]
    assert roles(m, 3) == [("label key", "$A", "1", ()), ("label value", "$B", "", ())]  # B was set to ""
    assert roles(m, 4) == [("arg default", "$A", "1", ()), ("arg default", "$C", "1", ())]
    assert roles(m, 5) == [
        ("--chown", "$U:$G", ":", ("U", "G")),
        ("--chmod", "$M", "", ("M",)),
        ("source", "$A", "1", ()),
        ("destination", "/dst/$D", "/dst/1", ()),
    ]
    assert roles(m, 6) == [
        ("--checksum", "$SUM", "", ("SUM",)),
        ("source", "$A", "1", ()),
        ("destination", "/x", "/x", ()),
    ]
    assert roles(m, 7) == [("workdir", "/$A", "/1", ())]
    assert roles(m, 8) == [("user", "$U", "", ("U",))]
    assert roles(m, 9) == [("volume", "/v$A", "/v1", ())]
    assert roles(m, 10) == [("stopsignal", "$S", "", ("S",))]
    assert roles(m, 11) == [("expose", "$P", "", ("P",)), ("expose", "80/$A", "80/1", ())]
    assert roles(m, 12) == [("mount type", "cache", "cache", ()), ("mount target", "/c/$A", "/c/1", ())]
    assert roles(m, 13) == []  # the shell expands it, at run time
    assert roles(m, 14) == []  # expanded in the image that builds on this one
    assert m.expansions(m.dockerfile.instructions[14].trigger) == []  # type: ignore[attr-defined]


def test_copy_heredoc_content_is_expanded_unless_quoted() -> None:
    text = "FROM alpine\nENV A=1\nCOPY <<EOF <<'RAW' /dst/\nx=$A \"$B\"\nEOF\nkeep $A\nRAW\n"
    m = model(text)
    [*paths, heredoc] = m.expansions(m.dockerfile.instructions[-1])
    assert [(p.role, p.text) for p in paths] == [("destination", "/dst/")]  # not the heredoc words
    assert (heredoc.role, heredoc.expansion.value, heredoc.expansion.unset) == ("heredoc", 'x=1 ""\n', ("B",))


def test_copy_heredoc_content_is_expanded_after_tabs_are_removed() -> None:
    m = model("FROM alpine\nENV A=1\nCOPY <<-EOF /dst\n\tx=$A\n\tEOF\n")
    [destination, heredoc] = m.expansions(m.dockerfile.instructions[-1])
    assert (destination.role, destination.text) == ("destination", "/dst")
    assert (heredoc.role, heredoc.text, heredoc.expansion.value) == ("heredoc", "x=$A\n", "x=1\n")


def test_copy_arguments_buildkit_rejects_are_not_expanded() -> None:
    m = model("FROM alpine\nCOPY $ONLY\n")
    assert m.expansions(m.dockerfile.instructions[-1]) == []


def test_arg_default_is_not_expanded_when_a_build_arg_gives_the_value() -> None:
    m = model("FROM alpine\nARG A=$UNSET B=$A\nRUN echo\n", build_args={"A": "given"})
    assert roles(m, 1) == [("arg default", "$A", "given", ())]


def test_predefined_args_need_a_declaration_inside_a_stage() -> None:
    # Platform ARGs are automatic in the global scope only; a stage sees one after
    # `ARG NAME` (with the build's value). Proxy ARGs exist only as build args.
    text = "FROM alpine\nWORKDIR /$TARGETARCH/$HTTP_PROXY\nARG TARGETARCH\nARG HTTP_PROXY\nWORKDIR /$TARGETARCH/$HTTP_PROXY\n"
    m = model(text, build_args={"HTTP_PROXY": "http://proxy:3128"})
    assert roles(m, 1) == [("workdir", "/$TARGETARCH/$HTTP_PROXY", "//", ("TARGETARCH", "HTTP_PROXY"))]
    [after] = m.expansions(m.dockerfile.instructions[4])
    assert after.expansion.value is None  # TARGETARCH depends on the build's platform
    assert after.expansion.unknown == ("TARGETARCH",) and after.expansion.unset == ()
    m = model(text, build_args={"HTTP_PROXY": "http://proxy:3128", "TARGETARCH": "arm64"})
    assert m.expansions(m.dockerfile.instructions[4])[0].expansion.value == "/arm64/http://proxy:3128"


def test_escape_directive_applies_to_expansion() -> None:
    m = model("# escape=`\nFROM alpine\nENV A=1\nWORKDIR C:\\$A\\`$A\n")
    assert roles(m, 2) == [("workdir", "C:\\$A\\`$A", "C:\\1\\$A", ())]


def test_base_chain_follows_from_stages_down_to_an_image() -> None:
    df = dflint.parse("FROM python:3.12 AS base\nFROM base AS app\nFROM golang:1.22 AS tool\nFROM app\n")
    model = Model(df)
    assert [s.index for s in model.base_chain()] == [3, 1, 0]
    assert [s.index for s in model.base_chain(model.stages[2])] == [2]
    assert Model(dflint.parse("ARG X=1\n")).base_chain() == []
