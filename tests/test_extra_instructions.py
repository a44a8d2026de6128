"""BuildKit's typed-instruction layer (dflint.syntax.instructions).

The cases of instructions/parse_test.go and parse_heredoc_test.go, transcribed in
conformance/buildkit/extra, then hand-written cases for the rules of SYNTAX.md
§1.5-§1.12 that those tests leave out.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import dflint
from dflint.syntax import cst
from dflint.syntax.instructions import (
    COPY_FROM_VARIABLE,
    DurationError,
    command_line,
    copy_sources,
    doc_comment,
    flags_used,
    healthcheck_test,
    interval_error,
    parse_duration,
    parse_duration_ns,
    validate,
    validate_instruction,
)
from dflint.syntax.positions import Positions
from tests.conftest import SHARED, shared_cases, shared_path

EXTRA = ("conformance", "buildkit", "extra")


def _load(name: str) -> dict[str, Any]:
    return json.loads(shared_path(*EXTRA, name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _ids(name: str, group: str) -> list[str]:
    """Case ids for parametrize; a placeholder when ../shared is absent (the test skips)."""
    path = SHARED.joinpath(*EXTRA, name)
    if not path.exists():
        return ["<missing>"]
    return [f"{group}[{i}]" for i in range(len(json.loads(path.read_text(encoding="utf-8"))[group]))]


def _case(name: str, case_id: str) -> dict[str, Any]:
    data = _load(name)
    group, index = case_id.rsplit("[", 1)
    return data[group][int(index[:-1])]  # type: ignore[no-any-return]


def _instruction_errors(text: str) -> list[str]:
    """The messages for the case's first instruction, inside a stage when it needs one.

    Go's tests call ParseInstruction on the first instruction only, so a stage is
    opened first for anything but FROM and ARG ("no build stage" would mask the error).
    """
    first = dflint.parse(text).instructions[0]
    prefix = "" if isinstance(first, (cst.From, cst.Arg)) else "FROM scratch\n"
    df = dflint.parse(prefix + text)
    target = df.instructions[1 if prefix else 0]
    return [e.message for e in validate(df) if e.instruction is target]


ERROR_GROUPS = [
    "TestCommandsExactlyOneArgument",
    "TestCommandsAtLeastOneArgument",
    "TestCommandsNoDestinationArgument",
    "TestErrorCases",
]
ERROR_CASES = [i for group in ERROR_GROUPS for i in _ids("instructions_cases.json", group)]


@pytest.mark.parametrize("case_id", ERROR_CASES)
def test_go_error_cases(case_id: str) -> None:
    case = _case("instructions_cases.json", case_id)
    messages = _instruction_errors(case["input"])
    if "error" in case:
        assert messages == [case["error"]]
    else:
        assert len(messages) == 1 and case["error_contains"] in messages[0], messages


@pytest.mark.parametrize("case_id", _ids("heredoc_cases.json", "instructions.TestErrorCasesHeredoc"))
def test_go_heredoc_error_cases(case_id: str) -> None:
    case = _case("heredoc_cases.json", case_id)
    assert case["parse_ok"]
    assert _instruction_errors(case["input"]) == [case["instruction_error_contains"]]


@pytest.mark.parametrize("case_id", _ids("heredoc_cases.json", "instructions.TestCopyHeredoc"))
def test_go_copy_heredoc(case_id: str) -> None:
    case = _case("heredoc_cases.json", case_id)
    df = dflint.parse(case["input"])
    result = copy_sources(df.instructions[0])  # type: ignore[arg-type]
    assert result is not None
    assert result.dest_path == case["DestPath"]
    assert result.source_paths == (case["SourcePaths"] or [])
    contents = [{"Path": c.path, "Data": c.data, "Expand": c.expand} for c in result.source_contents]
    assert contents == (case["SourceContents"] or [])
    assert validate(dflint.parse("FROM scratch\n" + case["input"])) == []


@pytest.mark.parametrize("case_id", _ids("heredoc_cases.json", "instructions.TestRunHeredoc"))
def test_go_run_heredoc(case_id: str) -> None:
    case = _case("heredoc_cases.json", case_id)
    result = command_line(dflint.parse(case["input"]).instructions[0])  # type: ignore[arg-type]
    assert result.prepend_shell == case["PrependShell"]
    assert result.cmd_line == case["CmdLine"]
    files = [{"Name": f.name, "Data": f.data, "Chomp": f.chomp} for f in result.files]
    assert files == (case["Files"] or [])


def test_go_healthcheck_cmd() -> None:
    expected = _load("instructions_cases.json")["TestHealthCheckCmd"]["expected_Test"]
    # The Go test builds the AST by hand: CMD -> hello -> world, not JSON.
    instr = dflint.parse("HEALTHCHECK CMD hello world").instructions[0]
    assert healthcheck_test(instr) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("case_id", _ids("instructions_cases.json", "TestParseOptInterval"))
def test_go_parse_opt_interval(case_id: str) -> None:
    case = _case("instructions_cases.json", case_id)
    error = interval_error("interval", case["value"])
    if case.get("ok"):
        assert error is None
    else:
        assert error is not None and case["error_contains"] in error
    # The same value through a whole instruction.
    messages = [
        e.message for e in validate(dflint.parse(f"FROM x\nHEALTHCHECK --interval={case['value']} CMD true"))
    ]
    assert messages == ([] if case.get("ok") else [error])


def test_go_run_flags_used() -> None:
    case = _load("instructions_cases.json")["TestRunCmdFlagsUsed"]
    df = dflint.parse("FROM scratch\n" + case["input"])
    assert validate(df) == []
    assert flags_used(df.instructions[1]) == case["FlagsUsed"]


def test_go_comments_detection() -> None:
    case = _load("instructions_cases.json")["TestCommentsDetection"]
    instructions = dflint.parse(case["input"]).instructions
    first_from = next(i for i, instr in enumerate(instructions) if isinstance(instr, cst.From))
    meta = list(instructions[:first_from])
    stage_commands = list(instructions[first_from + 1 :])
    for key, expected in case["expected"].items():
        if key == "stage0.DocComment":
            assert doc_comment(instructions[first_from]) == expected
            continue
        where, args = key.rsplit(".", 1)
        instr = (
            meta[int(where[5:-1])] if where.startswith("meta") else stage_commands[int(where.split("cmd")[1])]
        )
        assert isinstance(instr, cst.Arg)
        declaration = instr.declarations[int(args[5:-1])]
        assert declaration.name.value == expected["Key"]
        assert doc_comment(instr, expected["Key"]) == expected["DocComment"]


# -- hand-written cases ---------------------------------------------------------------

# (Dockerfile, the messages validate() gives, in order)
CASES = {
    # §1.5: unknown instructions, with BuildKit's suggestion (case of the word kept)
    "unknown-upper": ("FROM x\nFOO bar", ["unknown instruction: FOO (did you mean FROM?)"]),
    "unknown-lower": ("FROM x\nruns x", ["unknown instruction: runs (did you mean run?)"]),
    "unknown-mixed": ("FROM x\nCoPyy a b", ["unknown instruction: CoPyy (did you mean copy?)"]),
    "unknown-far": ("FROM x\nXYZZY a", ["unknown instruction: XYZZY"]),
    "unknown-before-from": ("BOGUS a\nFROM x", ["unknown instruction: BOGUS"]),
    # §1.5: only ARG may come before the first FROM
    "no-stage": ("ARG a\nRUN x\nENV a=b\nFROM x\nRUN y", [NO_STAGE := "no build stage in current context"] * 2),
    "no-stage-onbuild": ("ONBUILD RUN x\nFROM x", [NO_STAGE]),
    # §1.6: unknown flags on every kind of instruction
    "flag-unknown-maintainer": ("FROM x\nMAINTAINER --boo joe", ["unknown flag: --boo"]),
    "flag-unknown-env": ("FROM x\nENV --a b=c", ["unknown flag: --a"]),
    "flag-unknown-label": ("FROM x\nLABEL --a b=c", ["unknown flag: --a"]),
    "flag-unknown-workdir": ("FROM x\nWORKDIR --a /b", ["unknown flag: --a"]),
    "flag-unknown-cmd": ("FROM x\nCMD --a b", ["unknown flag: --a"]),
    "flag-unknown-entrypoint": ("FROM x\nENTRYPOINT --a b", ["unknown flag: --a"]),
    "flag-unknown-expose": ("FROM x\nEXPOSE --a 80", ["unknown flag: --a"]),
    "flag-unknown-user": ("FROM x\nUSER --a b", ["unknown flag: --a"]),
    "flag-unknown-volume": ("FROM x\nVOLUME --a /b", ["unknown flag: --a"]),
    "flag-unknown-shell": ('FROM x\nSHELL --a ["sh"]', ["unknown flag: --a"]),
    "flag-unknown-onbuild": ("FROM x\nONBUILD --a RUN b", ["unknown flag: --a"]),
    "flag-unknown-from": ("FROM --plaform=linux x", ["unknown flag: --plaform (did you mean platform?)"]),
    "flag-unknown-run": ("FROM x\nRUN --cache=/a b", ["unknown flag: --cache"]),
    "flag-unknown-run-suggest": ("FROM x\nRUN --mout=type=cache,target=/a b", ["unknown flag: --mout (did you mean mount?)"]),
    "flag-unknown-copy": ("FROM x\nCOPY --chmd=644 a b", ["unknown flag: --chmd (did you mean chmod?)"]),
    "flag-add-has-no-from": ("FROM x\nADD --from=a b c", ["unknown flag: --from"]),
    "flag-unknown-healthcheck": ("FROM x\nHEALTHCHECK --intervl=5s CMD a", ["unknown flag: --intervl (did you mean interval?)"]),
    "flag-name-case-sensitive": ("FROM x\nCOPY --LINK a b", ["unknown flag: --LINK"]),
    # §1.6: flags BuildKit never validates
    "flags-ignored-arg": ("ARG --foo a\nFROM x\nARG --bar=1 b", []),
    "flags-ignored-stopsignal": ("FROM x\nSTOPSIGNAL --foo 9", []),
    "flags-ignored-healthcheck-none": ("FROM x\nHEALTHCHECK --foo NONE", []),
    "flags-after-terminator": ("FROM x\nCOPY --link -- --weird /dst", []),
    # §1.6: bool flags
    "bool-bare": ("FROM x\nCOPY --link a b", []),
    "bool-values": ("FROM x\nCOPY --link=TRUE --parents=False a b\nADD --unpack=true --keep-git-dir=false a b", []),
    "bool-empty": ("FROM x\nCOPY --link= a b", ["missing a value on flag: --link"]),
    "bool-bad": ("FROM x\nADD --unpack=yes a b", ["expecting boolean value for flag --unpack, not: yes"]),
    "bool-one-is-not-bool": ("FROM x\nCOPY --link=1 a b", ["expecting boolean value for flag --link, not: 1"]),
    # §1.6: string flags need a value, possibly empty
    "string-missing": ("FROM x\nCOPY --chown a b", ["missing a value on flag: --chown"]),
    "string-empty-ok": ("FROM x\nCOPY --chown= a b", []),
    "strings-missing": ("FROM x\nRUN --mount a", ["missing a value on flag: --mount"]),
    "platform-missing": ("FROM --platform x", ["missing a value on flag: --platform"]),
    # §1.6: duplicates
    "duplicate-string": ("FROM x\nCOPY --from=a --from=b c d", ["duplicate flag specified: --from"]),
    "duplicate-bool": ("FROM x\nCOPY --link --link=false c d", ["duplicate flag specified: --link"]),
    "duplicate-platform": ("FROM --platform=a --platform=b x", ["duplicate flag specified: --platform"]),
    "repeatable-lists": (
        (
            "FROM x\nCOPY --exclude=a --exclude=b c d\nADD --exclude=a --exclude=b c d\n"
            "RUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/b --device=a --device=b c"
        ),
        [],
    ),
    # the first error of an instruction wins
    "first-flag-error": ("FROM x\nCOPY --bad --from a b", ["unknown flag: --bad"]),
    "arity-before-flags": ("FROM x\nCOPY --bad a", ["COPY requires at least two arguments, but only one was provided. Destination could not be determined"]),
    "flags-before-arity": ("FROM x\nENV --bad", ["unknown flag: --bad"]),
    # §1.6: --mount (CSV keys and values)
    "mount-ok": (
        (
            "FROM x\nRUN --mount=type=cache,target=/c,sharing=locked,id=c,mode=0755,uid=1,gid=2,ro "
            "--mount=type=secret,id=s,required=true,env=S "
            "--mount=type=ssh,required --mount=type=tmpfs,target=/t,size=64m "
            "--mount=type=bind,from=build,source=/a,target=/b,rw=true a"
        ),
        [],
    ),
    "mount-bad-key": ("FROM x\nRUN --mount=type=cache,targte=/a b", ["unexpected key 'targte' in 'targte=/a' (did you mean target?)"]),
    "mount-far-key": ("FROM x\nRUN --mount=type=cache,bogus=1 b", ["unexpected key 'bogus' in 'bogus=1'"]),
    "mount-key-lowercased": ("FROM x\nRUN --mount=TYPE=cache,Target=/a b", []),
    "mount-bare-field": ("FROM x\nRUN --mount=type=cache,target=/a,nope b", ["invalid field 'nope' must be a key=value pair"]),
    "mount-bad-type": ("FROM x\nRUN --mount=type=cach,target=/a b", ['unsupported mount type "cach" (did you mean cache?)']),
    "mount-bad-sharing": ("FROM x\nRUN --mount=type=cache,target=/a,sharing=lock b", ['unsupported sharing value "lock" (did you mean locked?)']),
    "mount-bad-bool": ("FROM x\nRUN --mount=target=/a,ro=yes b", ["invalid value for ro: yes"]),
    "mount-bad-mode": ("FROM x\nRUN --mount=type=cache,target=/a,mode=0789 b", ["invalid value 0789 for mode"]),
    "mount-bad-uid": ("FROM x\nRUN --mount=type=cache,target=/a,uid=-1 b", ["invalid value -1 for uid"]),
    "mount-bad-size": ("FROM x\nRUN --mount=type=tmpfs,target=/a,size=lots b", ["invalid value for size: lots"]),
    "mount-size-not-tmpfs": ("FROM x\nRUN --mount=type=cache,target=/a,size=1g b", ["unexpected key 'size' for mount type 'cache'"]),
    "mount-required-order": ("FROM x\nRUN --mount=required,type=secret,id=a b", ["unexpected key 'required' for mount type 'bind'"]),
    "mount-mode-on-bind": ("FROM x\nRUN --mount=target=/a,mode=0644 b", ['mode not allowed for "bind" type mounts']),
    "mount-secret-empty": ("FROM x\nRUN --mount=type=secret b", ["invalid secret mount. one of source, target required"]),
    "mount-secret-from": ("FROM x\nRUN --mount=type=secret,id=a,from=b c", ["secret mount should not have a from"]),
    "mount-sharing-not-cache": ("FROM x\nRUN --mount=type=bind,sharing=locked b", ["invalid cache sharing set for bind mount"]),
    "mount-variable-values-skipped": ("FROM x\nRUN --mount=type=$T,size=$S,mode=$M,target=$D b", []),
    "mount-variable-key-checked": ("FROM x\nRUN --mount=type=$T,bogus=$B b", ["unexpected key 'bogus' in 'bogus=$B'"]),
    "mount-csv-bare-quote": ('FROM x\nRUN --mount=ta\\"rget=/a b', ['failed to parse csv mounts: parse error on line 1, column 3: bare " in non-quoted-field']),
    "mount-csv-open-quote": ("FROM x\nRUN --mount='\"target=/a' b", ['failed to parse csv mounts: parse error on line 1, column 2: extraneous or missing " in quoted-field']),
    "mount-csv-quoted-ok": ("FROM x\nRUN --mount='\"target=/a,b\",type=cache' b", []),
    "mount-empty": ("FROM x\nRUN --mount= b", ["failed to parse csv mounts: EOF"]),
    # §1.10: from= and --from may not hold variables
    "mount-from-variable": ("FROM x\nRUN --mount=from=$STAGE,target=/a b", ["'from' doesn't support variable expansion, define alias stage instead"]),
    "mount-from-variable-braces": ("FROM x\nRUN --mount=FROM=${STAGE} b", ["'from' doesn't support variable expansion, define alias stage instead"]),
    "mount-from-trailing-dollar": ("FROM x\nRUN --mount=from=a$,target=/b c", []),
    "copy-from-variable": ("FROM x\nCOPY --from=$X a b", [COPY_FROM_VARIABLE]),
    "copy-from-variable-braces": ("FROM x\nCOPY --from=img:${TAG} a b", [COPY_FROM_VARIABLE]),
    "copy-from-positional": ("FROM x\nCOPY --from=$1 a b", [COPY_FROM_VARIABLE]),
    "copy-from-literal-dollar": ("FROM x\nCOPY --from=a$ b c\nCOPY --from=a$/b c d", []),
    "copy-from-stage": ("FROM x AS build\nFROM y\nCOPY --from=build a b\nCOPY --from=0 a b", []),
    "onbuild-copy-from-variable": ("FROM x\nONBUILD COPY --from=$X a b", [COPY_FROM_VARIABLE]),
    # §1.6: --network, --security, --device
    "network-ok": ("FROM x\nRUN --network=none a\nRUN --network=host a\nRUN --network=default a", []),
    "network-bad": ("FROM x\nRUN --network=bridge a", ['invalid network mode "bridge"']),
    "network-empty": ("FROM x\nRUN --network= a", ['invalid network mode ""']),
    "security-ok": ("FROM x\nRUN --security=insecure a\nRUN --security=sandbox a", []),
    "security-bad": ("FROM x\nRUN --security=INSECURE a", ['security "INSECURE" is not valid']),
    "device-ok": ("FROM x\nRUN --device=/dev/fuse,required --device=name=a,required=false b", []),
    "device-twice": ("FROM x\nRUN --device=a,name=b c", ["device name already set to a"]),
    "device-bad-key": ("FROM x\nRUN --device=a,requird=true c", ["unexpected key 'requird' in 'requird=true' (did you mean required?)"]),
    "hooks-order": ("FROM x\nRUN --security=x --network=y --mount=from=$A --device=a,b c", ["invalid field 'b' must be a key=value pair"]),
    # §1.7 / §1.12: HEALTHCHECK
    "healthcheck-ok": ("FROM x\nHEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 --start-interval=1ms --retries=3 CMD a", []),
    "healthcheck-none-args": ("FROM x\nHEALTHCHECK NONE a", ["HEALTHCHECK NONE takes no arguments"]),
    "healthcheck-unknown-type": ("FROM x\nHEALTHCHECK RUN a", ['Unknown type "RUN" in HEALTHCHECK (try CMD)']),
    "healthcheck-type-uppercased": ("FROM x\nHEALTHCHECK cmd a\nHEALTHCHECK none", []),
    "healthcheck-missing-command": ("FROM x\nHEALTHCHECK CMD\nHEALTHCHECK CMD []", ["Missing command after HEALTHCHECK CMD"] * 2),
    "healthcheck-interval-small": ("FROM x\nHEALTHCHECK --timeout=999us CMD a", ['Interval "timeout" cannot be less than 1ms']),
    "healthcheck-interval-negative": ("FROM x\nHEALTHCHECK --start-period=-1s CMD a", ['Interval "start-period" cannot be less than 1ms']),
    "healthcheck-interval-syntax": ("FROM x\nHEALTHCHECK --interval=5 CMD a", ['time: missing unit in duration "5"']),
    "healthcheck-interval-unit": ("FROM x\nHEALTHCHECK --interval=5d CMD a", ['time: unknown unit "d" in duration "5d"']),
    "healthcheck-retries-negative": ("FROM x\nHEALTHCHECK --retries=-2 CMD a", ["--retries cannot be negative (-2)"]),
    "healthcheck-retries-syntax": ("FROM x\nHEALTHCHECK --retries=3.0 CMD a", ['strconv.ParseInt: parsing "3.0": invalid syntax']),
    "healthcheck-retries-range": ("FROM x\nHEALTHCHECK --retries=2147483648 CMD a", ['strconv.ParseInt: parsing "2147483648": value out of range']),
    "healthcheck-flags-before-type": ("FROM x\nHEALTHCHECK --retries=x FOO a", ['Unknown type "FOO" in HEALTHCHECK (try CMD)']),
    "healthcheck-type-before-intervals": ("FROM x\nHEALTHCHECK --interval=1ns FOO a", ['Unknown type "FOO" in HEALTHCHECK (try CMD)']),
    # §1.7: SHELL
    "shell-not-json": ("FROM x\nSHELL /bin/sh -c", ["SHELL requires the arguments to be in JSON form"]),
    "shell-empty-json": ("FROM x\nSHELL []", ["SHELL requires at least one argument"]),
    "shell-ok": ('FROM x\nSHELL ["/bin/sh", "-c"]', []),
    # §1.8: FROM arity, AS, stage names
    "from-two-args": ("FROM a b", ["FROM requires either one or three arguments"]),
    "from-four-args": ("FROM a AS b c", ["FROM requires either one or three arguments"]),
    "from-three-not-as": ("FROM a TO b", ["FROM requires either one or three arguments"]),
    "from-no-args": ("FROM", ["FROM requires either one or three arguments"]),
    "from-as-any-case": ("FROM a As Build.1_x-y\nFROM b aS c\nFROM c a\u017f d", []),
    "stage-name-digit": ("FROM a AS 1st", ['invalid name for build stage: "1st", name can\'t start with a number or contain symbols']),
    "stage-name-symbol": ("FROM a AS my/stage", ['invalid name for build stage: "my/stage", name can\'t start with a number or contain symbols']),
    "stage-name-non-ascii": ("FROM a AS \u00e9tape", ['invalid name for build stage: "\u00e9tape", name can\'t start with a number or contain symbols']),
    "stage-name-before-flags": ("FROM --bad a AS 1", ['invalid name for build stage: "1", name can\'t start with a number or contain symbols']),
    # §1.9: heredocs in COPY/ADD
    "add-heredoc-dest": ("FROM x\nADD a <<EOF\nbody\nEOF", ["ADD cannot accept a heredoc as a destination"]),
    "copy-heredoc-dest-json": ('FROM x\nCOPY ["a", "<<EOF"]', ["COPY cannot accept a heredoc as a destination"]),
    "copy-heredoc-source": ("FROM x\nCOPY <<EOF /dst\nbody\nEOF", []),
    # §1.11: ONBUILD
    "onbuild-from": ("FROM x\nONBUILD FROM y", ["FROM isn't allowed as an ONBUILD trigger"]),
    "onbuild-maintainer": ("FROM x\nONBUILD maintainer me", ["MAINTAINER isn't allowed as an ONBUILD trigger"]),
    "onbuild-chain": ("FROM x\nonbuild onbuild RUN a", ["Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]),
    "onbuild-empty": ("FROM x\nONBUILD", ["ONBUILD requires at least one argument"]),
    "onbuild-trigger-error": ("FROM x\nONBUILD RUN --boo a", ["unknown flag: --boo"]),
    "onbuild-unknown-trigger": ("FROM x\nONBUILD FOO a", ["unknown instruction: FOO (did you mean FROM?)"]),
    "onbuild-ok": ("FROM x\nONBUILD RUN --mount=type=cache,target=/a b\nONBUILD COPY --from=build a b", []),
    # §1.12: arity
    "exactly-one": ("FROM x\nMAINTAINER\nUSER\nWORKDIR\nSTOPSIGNAL", [f"{n} requires exactly one argument" for n in ("MAINTAINER", "USER", "WORKDIR", "STOPSIGNAL")]),
    "one-string-is-one-argument": ("FROM x\nUSER a b\nWORKDIR /a b\nMAINTAINER a b", []),
    "at-least-one": ("ARG\nFROM x\nENV\nLABEL\nEXPOSE\nVOLUME\nVOLUME []\nHEALTHCHECK", [f"{n} requires at least one argument" for n in ("ARG", "ENV", "LABEL", "EXPOSE", "VOLUME", "VOLUME", "HEALTHCHECK")]),
    "copy-one-arg": ("FROM x\nCOPY a", ["COPY requires at least two arguments, but only one was provided. Destination could not be determined"]),
    "add-no-arg": ("FROM x\nADD", ["ADD requires at least two arguments, but only one was provided. Destination could not be determined"]),
    "blank-names": ("ARG =a\nFROM x\nENV =a\nLABEL =a\nARG b =c", ["ARG names can not be blank", "ENV names can not be blank", "LABEL names can not be blank", "ARG names can not be blank"]),
    "volume-empty-string": ('FROM x\nVOLUME ["/a", ""]\nVOLUME [" "]', ["VOLUME specified can not be an empty string"] * 2),
    "fine-file": ("ARG A=1\nFROM x AS b\nRUN a\nCMD [\"a\"]\nENTRYPOINT b\nEXPOSE 80\nENV a=b\nLABEL a=b\nUSER u\nWORKDIR /w\nVOLUME /v\nSTOPSIGNAL 9\nONBUILD RUN a\nMAINTAINER me", []),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_rules(name: str) -> None:
    text, expected = CASES[name]
    assert [e.message for e in validate(dflint.parse(text))] == expected


# (Dockerfile, the text of the node each error points at)
NODES = {
    "flag": ("FROM x\nCOPY --link=x a b", ["--link=x"]),
    "unknown-instruction": ("FROM x\n  bogus a b", ["bogus"]),
    "stage-name": ("FROM a AS 9", ["9"]),
    "onbuild-trigger": ("FROM x\nONBUILD FROM y", ["FROM"]),
    "heredoc-dest": ("FROM x\nCOPY a <<EOF\nEOF", ["<<EOF"]),
    "blank-name": ("FROM x\nENV a=1 =2", ["=2"]),
    "healthcheck-type": ("FROM x\nHEALTHCHECK FOO a", ["FOO"]),
    "volume": ('FROM x\nVOLUME ["a", ""]', ['""']),
    "no-stage": ("RUN a b\nFROM x", ["RUN a b"]),
    "mount": ("FROM x\nRUN --network=host --mount=bogus=1 a", ["--mount=bogus=1"]),
    "copy-from": ("FROM x\nCOPY --link --from=$A a b", ["--from=$A"]),
}  # fmt: skip


@pytest.mark.parametrize("name", list(NODES))
def test_error_nodes(name: str) -> None:
    text, expected = NODES[name]
    df = dflint.parse(text)
    positions = Positions(df)
    spans = [positions.span(e.node) for e in validate(df)]
    assert [text[s.start.offset : s.end.offset] for s in spans] == expected


def test_error_instruction_and_onbuild_marking() -> None:
    df = dflint.parse("FROM x\nONBUILD --bad RUN --boo a\nRUN --boo b")
    onbuild, run = df.instructions[1], df.instructions[2]
    assert isinstance(onbuild, cst.Onbuild) and onbuild.trigger is not None
    errors = validate(df)
    assert [(e.instruction, e.in_onbuild) for e in errors] == [
        (onbuild, False),
        (onbuild.trigger, True),
        (run, False),
    ]
    assert validate_instruction(onbuild.trigger, in_onbuild=True)[0].in_onbuild
    # the trigger of a forbidden ONBUILD is reported once, by the ONBUILD
    forbidden = dflint.parse("FROM x\nONBUILD FROM --bad y").instructions[1]
    assert isinstance(forbidden, cst.Onbuild) and forbidden.trigger is not None
    assert validate_instruction(forbidden.trigger, in_onbuild=True) == []
    assert [e.message for e in validate_instruction(forbidden)] == [
        "FROM isn't allowed as an ONBUILD trigger"
    ]


def test_validate_instruction_assumes_a_stage() -> None:
    df = dflint.parse("RUN a\nCOPY --from=$X a b")
    assert validate_instruction(df.instructions[0]) == []
    assert [e.message for e in validate_instruction(df.instructions[1])] == [COPY_FROM_VARIABLE]
    assert [e.message for e in validate(df)] == ["no build stage in current context"] * 2


def test_escape_directive_applies_to_from() -> None:
    # Flags always escape with a backslash, but the expansion of --from uses the file's
    # escape character: with the backtick escape, a backtick left in --from changes.
    df = dflint.parse("# escape=`\nFROM x\nCOPY --from=a\\b c d\nCOPY --from=a``b c d")
    assert [e.instruction for e in validate(df)] == [df.instructions[2]]
    assert [e.message for e in validate(df)] == [COPY_FROM_VARIABLE]
    assert validate_instruction(df.instructions[2]) == []  # checked with "\\" by default
    assert len(validate_instruction(df.instructions[2], escape="`")) == 1
    assert [e.message for e in validate(dflint.parse("FROM x\nCOPY --from=a\\\\b c d"))] == [
        COPY_FROM_VARIABLE
    ]


# -- helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "nanoseconds"),
    [
        ("0", 0),
        ("-0", 0),
        ("+0", 0),
        ("0s", 0),
        ("1ns", 1),
        ("1us", 1000),
        ("1\u00b5s", 1000),
        ("1\u03bcs", 1000),
        ("1.5ms", 1_500_000),
        ("300ms", 300_000_000),
        (".5s", 500_000_000),
        ("1.s", 1_000_000_000),
        ("-1.5h", -5_400_000_000_000),
        ("1h30m", 5_400_000_000_000),
        ("2h45m10.5s", 9_910_500_000_000),
        ("1m1m", 120_000_000_000),
        ("0.000000001s", 1),
        ("0.0000000001s", 0),
        ("1.0000000000000000000000001s", 1_000_000_000),
        ("9223372036854775807ns", 2**63 - 1),
        ("-9223372036854775808ns", -(2**63)),
        ("2562047h47m16.854775807s", 2**63 - 1),
    ],
)
def test_parse_duration(text: str, nanoseconds: int) -> None:
    assert parse_duration_ns(text) == nanoseconds
    assert parse_duration(text) == nanoseconds / 1e9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", 'time: invalid duration ""'),
        ("-", 'time: invalid duration "-"'),
        ("s", 'time: invalid duration "s"'),
        (".s", 'time: invalid duration ".s"'),
        ("1", 'time: missing unit in duration "1"'),
        ("1s2", 'time: missing unit in duration "1s2"'),
        ("1d", 'time: unknown unit "d" in duration "1d"'),
        ("1 s", 'time: unknown unit " s" in duration "1 s"'),
        ("1S", 'time: unknown unit "S" in duration "1S"'),
        ("1h-1m", 'time: unknown unit "h-" in duration "1h-1m"'),
        ("1\u00e9", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
        ('1"', 'time: unknown unit "\\"" in duration "1\\""'),
        ("9223372036854775808ns", 'time: invalid duration "9223372036854775808ns"'),
        ("9223372036854775807ns1ns", 'time: invalid duration "9223372036854775807ns1ns"'),
        ("3000000h", 'time: invalid duration "3000000h"'),
    ],
)
def test_parse_duration_errors(text: str, message: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration_ns(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", None),
        ("0", None),
        ("0s", None),
        ("-0ms", None),
        ("1ms", None),
        ("999999ns", 'Interval "interval" cannot be less than 1ms'),
        ("-5s", 'Interval "interval" cannot be less than 1ms'),
        ("x", 'time: invalid duration "x"'),
    ],
)
def test_interval_error(value: str, error: str | None) -> None:
    assert interval_error("interval", value) == error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HEALTHCHECK CMD curl -f http://localhost/", ["CMD-SHELL", "curl -f http://localhost/"]),
        ('HEALTHCHECK --interval=5s CMD ["curl", "-f"]', ["CMD", "curl", "-f"]),
        ("HEALTHCHECK cmd a", ["CMD-SHELL", "a"]),
        ("HEALTHCHECK NONE", ["NONE"]),
        ("HEALTHCHECK none", ["NONE"]),
        ("HEALTHCHECK NONE a", None),
        ("HEALTHCHECK CMD", None),
        ("HEALTHCHECK FOO a", None),
        ("HEALTHCHECK", None),
    ],
)
def test_healthcheck_test(text: str, expected: list[str] | None) -> None:
    assert healthcheck_test(dflint.parse(text).instructions[0]) == expected  # type: ignore[arg-type]


def test_flags_used() -> None:
    df = dflint.parse("RUN --mount=a --network=none --mount=b -- --security=x c\nRUN d")
    assert flags_used(df.instructions[0]) == ["mount", "network"]
    assert flags_used(df.instructions[1]) == []


def test_doc_comment() -> None:
    df = dflint.parse("# Build builds it\n# other text\nFROM a AS Build\n# x is lost\n#\n\n# y why\nARG x y")
    stage, arg = df.instructions
    assert doc_comment(stage) == ""  # BuildKit looks for the lower-cased name
    assert doc_comment(stage, "Build") == "builds it"
    assert doc_comment(arg, "x") == ""  # an empty "#" line starts the comments again
    assert doc_comment(arg, "y") == "why"
    assert doc_comment(arg, "") == ""
    assert doc_comment(dflint.parse("# build the stage\nFROM a AS build").instructions[0]) == "the stage"


def test_copy_sources() -> None:
    df = dflint.parse('COPY <<-A "b c" <<\'D\' /e/\n\tone\n\tA\nx\nD\nCOPY ["<<F", "/g"]\nCOPY a')
    first, json_form, short = df.instructions
    result = copy_sources(first)  # type: ignore[arg-type]
    assert result is not None
    assert result.dest_path == "/e/"
    assert result.source_paths == ['"b', 'c"']
    assert [(c.path, c.data, c.expand) for c in result.source_contents] == [
        ("A", "one\n", True),
        ("D", "x\n", False),
    ]
    # In JSON form the heredoc has no body, but BuildKit still reads the word as one.
    result = copy_sources(json_form)  # type: ignore[arg-type]
    assert result is not None and [(c.path, c.data) for c in result.source_contents] == [("F", "")]
    assert copy_sources(short) is None  # type: ignore[arg-type]


def test_command_line() -> None:
    df = dflint.parse('CMD ["a", "b"]\nCMD a b\nENTRYPOINT []\nENTRYPOINT\nCMD []\nRUN')
    cmd_json, cmd_shell, entry_json, entry_none, cmd_empty, run_empty = (
        command_line(i) for i in df.instructions
    )  # type: ignore[arg-type]
    assert (cmd_json.cmd_line, cmd_json.prepend_shell) == (["a", "b"], False)
    assert (cmd_shell.cmd_line, cmd_shell.prepend_shell) == (["a b"], True)
    assert entry_json.cmd_line is None and entry_none.cmd_line is None
    assert cmd_empty.cmd_line == [] and run_empty.cmd_line == []


@pytest.mark.parametrize("name", shared_cases("conformance", "buildkit", "positive"))
def test_positive_cases_validate_without_raising(name: str) -> None:
    text = (
        (shared_path("conformance", "buildkit", "positive", name) / "Dockerfile").read_bytes().decode("utf-8")
    )
    errors = validate(dflint.parse(text))
    assert all(isinstance(e.message, str) and e.message for e in errors)
