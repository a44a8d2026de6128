"""How RUNs are split into layers: DF203 apt-update-in-separate-run, DF223
consecutive-run-instructions, DF225 too-many-layers, and the RUN merge they share
(dflint/checks/layers/run_merge.py).

Fixed output is compared byte for byte; every fixed text must parse, round-trip and
settle (fixing it again changes nothing, and the finding is gone)."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()
MERGING = ("DF203", "DF223")


def _settings(rules: tuple[str, ...], options: dict | None = None) -> Settings:  # type: ignore[type-arg]
    return Settings(
        rules=RULES,
        enabled=frozenset(rules),
        options={r: {**RULES[r].option_defaults(), **(options or {}).get(r, {})} for r in rules},
    )


def found(text: str, *rules: str, options: dict | None = None) -> list[tuple[int, str]]:  # type: ignore[type-arg]
    result = lint_text(text, "Dockerfile", _settings(rules, options))
    assert not result.internal_errors
    return [(d.start.line, d.rule) for d in result.diagnostics]


def fixable(text: str, *rules: str) -> list[tuple[int, str]]:
    result = lint_text(text, "Dockerfile", _settings(rules))
    return [(d.start.line, d.rule) for d in result.diagnostics if d.fix is not None]


def fixed(text: str, *rules: str) -> str:
    """The text after --fix --unsafe-fixes, checked to parse, round-trip and settle."""
    settings = _settings(rules)
    outcome = fix_text(text, "Dockerfile", settings, Applicability.UNSAFE)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    again = fix_text(outcome.text, "Dockerfile", settings, Applicability.UNSAFE)
    assert again.text == outcome.text and not again.fixed
    assert not any(d.fix for d in again.result.diagnostics)
    return outcome.text


# -- DF203: what is reported ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an update alone, then an install: one finding, at the update
        ("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n", [(2, "DF203")]),
        # update and install in one RUN, over continuation lines
        ("FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl\n", []),
        # `apt`, `aptitude`, options before the subcommand, a wrapper
        ("FROM debian:12\nRUN apt -qq update\nRUN apt install -y curl\n", [(2, "DF203")]),
        ("FROM debian:12\nRUN sudo apt-get -y update\n", [(2, "DF203")]),
        ("FROM debian:12\nRUN aptitude update && aptitude install -y curl\n", []),
        # an update with nothing after it that reads the index is reported even alone
        ('FROM debian:12\nRUN apt-get update && apt-get autoremove -y\nCMD ["sh"]\n', [(2, "DF203")]),
        # the lists deleted after it: nothing is cached
        ("FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n", []),
        # a script or a program that may install: dflint cannot tell
        ("FROM debian:12\nRUN apt-get update && /tmp/setup.sh\n", []),
        ("FROM debian:12\nRUN apt-get update && bash /tmp/library-scripts/common.sh\n", []),
        ("FROM debian:12\nRUN apt-get update && install_packages curl\n", []),
        ("FROM debian:12\nRUN apt-get update && $INSTALL curl\n", []),
        # `sh -c '...'` is read: its install is seen
        ("FROM debian:12\nRUN apt-get update && sh -c 'apt-get install -y curl'\n", []),
        ("FROM debian:12\nRUN sh -c 'apt-get update' && apt-get install -y curl\n", []),
        ("FROM debian:12\nRUN sh -c 'apt-get update'\nRUN apt-get install -y curl\n", [(2, "DF203")]),
        # `set -eux;` prefixes do not hide anything
        ("FROM debian:12\nRUN set -eux; apt-get update; apt-get install -y curl\n", []),
        (
            "FROM debian:12\nRUN set -eux; \\\n    apt-get update\nRUN apt-get install -y curl\n",
            [(3, "DF203")],
        ),
        # unattended-upgrade reads the index too
        ("FROM debian:12\nRUN apt-get update && unattended-upgrade -d\n", []),
    ],
)
def test_update_without_install_in_its_run(text: str, expected: list) -> None:  # type: ignore[type-arg]
    assert found(text, "DF203") == expected


def test_heredoc_scripts() -> None:
    together = "FROM debian:12\nRUN <<EOF\nset -eux\napt-get update\napt-get install -y curl\nEOF\n"
    assert found(together, "DF203") == []
    apart = "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\nRUN apt-get install -y curl\n"
    assert found(apart, "DF203") == [(3, "DF203")]  # reported at the update in the body
    assert fixable(apart, "DF203") == []  # a heredoc RUN is never merged


def test_install_in_a_later_run_than_its_update() -> None:
    text = (
        "FROM debian:12\n"
        "RUN apt-get update && apt-get install -y gnupg\n"
        "COPY extra.list /etc/apt/sources.list.d/\n"
        "RUN apt-get install -y extra-tool && \\\n    apt-get update && apt-get install -y other\n"
    )
    [(line, rule)] = found(text, "DF203")
    assert (line, rule) == (4, "DF203")
    [d] = lint_text(text, "Dockerfile", _settings(("DF203",))).diagnostics
    assert "line 2" in d.message and d.fix is None
    assert text[d.offset : d.end_offset] == "apt-get install -y extra-tool"
    # one update, one finding: the update alone is reported, not each install after it
    alone = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a\nRUN apt-get install -y b\n"
    assert found(alone, "DF203") == [(2, "DF203")]
    # a RUN that updates (or may: a piped installer script) before it installs is fine
    piped = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
        "RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs\n"
    )
    assert found(piped, "DF203") == []


def test_every_stage_and_the_chain() -> None:
    # a builder stage is checked too: a stale index breaks its build all the same
    builder = (
        "FROM debian:12 AS build\nRUN apt-get update\nRUN apt-get install -y gcc\n"
        "FROM debian:12-slim\nCOPY --from=build /usr/bin/gcc /gcc\n"
    )
    assert found(builder, "DF203") == [(2, "DF203")]
    # the chain: an install in a stage built FROM the one that updated
    chain = (
        "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\n"
        "FROM base\nRUN apt-get install -y git\n"
    )
    assert found(chain, "DF203") == [(4, "DF203")]
    # but not from a stage it only copies from
    unrelated = (
        "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\n"
        "FROM debian:12\nCOPY --from=base /usr/bin/curl /curl\nRUN apt-get install -y ./x.deb\n"
    )
    assert found(unrelated, "DF203") == []


def test_cache_mounts_do_not_help() -> None:
    mount = "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked"
    text = f"FROM debian:12\nRUN {mount} apt-get update\nRUN {mount} apt-get install -y curl\n"
    assert found(text, "DF203") == [(2, "DF203")]
    assert fixed(text, "DF203") == (
        f"FROM debian:12\nRUN {mount} apt-get update && \\\n    apt-get install -y curl\n"
    )
    other = f"FROM debian:12\nRUN {mount} apt-get update\nRUN apt-get install -y curl\n"
    assert found(other, "DF203") == [(2, "DF203")]
    assert fixable(other, "DF203") == []  # the mounts differ: one RUN could not have both


def test_onbuild_triggers() -> None:
    text = "FROM debian:12\nONBUILD RUN apt-get update\nONBUILD RUN apt-get install -y curl\n"
    assert found(text, "DF203") == [(2, "DF203")]
    assert fixed(text, "DF203") == (
        "FROM debian:12\nONBUILD RUN apt-get update && \\\n    apt-get install -y curl\n"
    )
    # a trigger runs in another build: it is not the next RUN of this one
    mixed = "FROM debian:12\nRUN apt-get update\nONBUILD RUN apt-get install -y curl\n"
    assert found(mixed, "DF203") == [(2, "DF203")]
    assert fixable(mixed, "DF203") == []
    # a trigger's install reads what the image's RUNs left, whatever their order
    late = (
        "FROM debian:12\nONBUILD RUN apt-get install -y curl\nRUN apt-get update && apt-get install -y git\n"
    )
    assert found(late, "DF203") == [(2, "DF203")]
    plain_after = (
        "FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y git\nRUN apt-get install -y curl\n"
    )
    assert found(plain_after, "DF203") == []


# -- the merge: styles, byte for byte ------------------------------------------------


def test_merge_keeps_trailing_and_style_with_tabs() -> None:
    text = "FROM debian:12\nRUN apt-get update && \\\n\tapt-get clean\nRUN apt-get install -y \\\n\t\tcurl\n"
    assert fixed(text, *MERGING) == (
        "FROM debian:12\nRUN apt-get update && \\\n\tapt-get clean && \\\n\tapt-get install -y \\\n\t\tcurl\n"
    )


def test_merge_keeps_four_space_indent_and_leading_and() -> None:
    text = (
        "FROM debian:12\n"
        "RUN echo 'deb http://deb.example.com/ bookworm main' > /etc/apt/sources.list \\\n"
        "    && apt-get update\n"
        "RUN apt-get install -y --no-install-recommends x-tool\n"
    )
    assert fixed(text, *MERGING) == (
        "FROM debian:12\n"
        "RUN echo 'deb http://deb.example.com/ bookworm main' > /etc/apt/sources.list \\\n"
        "    && apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends x-tool\n"
    )


def test_merge_aligns_the_escape_at_column_80() -> None:
    text = (
        "FROM debian:12\n"
        "RUN echo 'deb http://deb.example.com/ bookworm main' > /etc/apt/sources.list   \\\n"
        " && apt-get update                                                             \\\n"
        " && apt-get clean\n"
        "RUN apt-get install -y --no-install-recommends x-tool\n"
    )
    result = fixed(text, *MERGING)
    assert result == (
        "FROM debian:12\n"
        "RUN echo 'deb http://deb.example.com/ bookworm main' > /etc/apt/sources.list   \\\n"
        " && apt-get update                                                             \\\n"
        " && apt-get clean                                                              \\\n"
        " && apt-get install -y --no-install-recommends x-tool\n"
    )
    assert {line.index("\\") for line in result.splitlines() if line.endswith("\\")} == {79}


def test_merge_after_a_trailing_semicolon_style_joins_with_and() -> None:
    # `a; \` lines: the merge still joins with `&&` (a `;` would run the install when
    # the update failed), at the indentation of the lines that start commands
    text = "FROM debian:12\nRUN echo start; \\\n  apt-get update\nRUN apt-get install -y curl\n"
    assert fixed(text, *MERGING) == (
        "FROM debian:12\nRUN echo start; \\\n  apt-get update && \\\n  apt-get install -y curl\n"
    )


def test_merge_with_set_eux_prefix() -> None:
    text = "FROM debian:12\nRUN set -eux; \\\n    apt-get update\nRUN apt-get install -y curl\n"
    assert fixed(text, *MERGING) == (
        "FROM debian:12\nRUN set -eux; \\\n    apt-get update && \\\n    apt-get install -y curl\n"
    )
    # with -u on, an expansion in the install could now fail: no fix
    expands = 'FROM debian:12\nRUN set -eux; apt-get update\nRUN apt-get install -y "$PKG"\n'
    assert fixable(expands, *MERGING) == []
    # with pipefail on, a pipeline in the install would now fail differently: no fix
    piped = "FROM debian:12\nRUN set -o pipefail; apt-get update\nRUN apt-get install -y curl | tee /log\n"
    assert fixable(piped, *MERGING) == []
    # pipefail without a pipe, -E without a trap: nothing to notice
    quiet = "FROM debian:12\nRUN set -Eeuo pipefail; apt-get update\nRUN apt-get install -y curl\n"
    assert fixable(quiet, "DF203") == [(2, "DF203")]
    trapped = "FROM debian:12\nRUN set -E; apt-get update\nRUN trap 'echo x' ERR && apt-get install -y curl\n"
    assert fixable(trapped, "DF203") == []
    # a second RUN with its own `set -eux;` is not an and-list: no fix
    own = "FROM debian:12\nRUN apt-get update\nRUN set -eux; apt-get install -y curl\n"
    assert found(own, "DF203") == [(2, "DF203")] and fixable(own, *MERGING) == []


def test_merge_keeps_crlf_and_the_backtick_escape() -> None:
    text = "FROM debian:12\r\nRUN apt-get update\r\n\r\nRUN apt-get install -y curl\r\n"
    assert (
        fixed(text, *MERGING)
        == "FROM debian:12\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n"
    )
    backtick = "# escape=`\nFROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    assert fixed(backtick, *MERGING) == (
        "# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y curl\n"
    )


def test_merge_drops_a_continuation_that_starts_the_second_run() -> None:
    text = "FROM debian:12\nRUN apt-get update\nRUN \\\n    apt-get install -y curl\n"
    assert fixed(text, *MERGING) == "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n"


def test_merge_keeps_a_trailing_comment_of_the_second_run() -> None:
    text = "FROM alpine:3.20\nRUN true\nRUN make # the default target\n"
    assert fixed(text, "DF223") == "FROM alpine:3.20\nRUN true && \\\n    make # the default target\n"


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        ("apt-get update # refresh", "apt-get install -y curl", "a trailing comment would swallow `&&`"),
        ("apt-get update &", "apt-get install -y curl", "a background job"),
        ("(sleep 60 &) && apt-get update", "apt-get install -y curl", "a job left in the background"),
        ("cd /tmp && apt-get update", "apt-get install -y ./x.deb", "the install would run in /tmp"),
        ("export DEBIAN_FRONTEND=noninteractive && apt-get update", "apt-get install -y curl", "export"),
        ("DEBIAN_FRONTEND=noninteractive; apt-get update", "apt-get install -y curl", "a variable"),
        (": ${LISTS:=/var/lib/apt/lists}; apt-get update", "apt-get install -y curl", "${x:=v} assigns"),
        ("set +e; apt-get update", "apt-get install -y curl", "errexit turned off"),
        ("trap 'echo done' EXIT; apt-get update", "apt-get install -y curl", "a trap"),
        ("f() { apt-get update; }; f", "apt-get install -y curl", "a function"),
        ("apt-get update; exit 0", "apt-get install -y curl", "exit"),
        ("apt-get update", "apt-get install -y curl; rm -rf /var/lib/apt/lists/*", "`;` in the second"),
        ("apt-get update", "apt-get install -y curl || true", "`||` in the second"),
        ("apt-get update", "apt-get install -y curl &", "`&` would background both"),
        ("apt-get update", '["apt-get", "install", "-y", "curl"]', "exec form"),
    ],
)
def test_merge_refused_when_the_joined_script_would_mean_something_else(
    first: str, second: str, why: str
) -> None:
    text = f"FROM debian:12\nRUN {first}\nRUN {second}\n"
    assert found(text, "DF203") == [(2, "DF203")], why
    assert fixable(text, *MERGING) == [], why


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("apt-get update || true", "apt-get install -y curl"),  # (a || b) && c: c when a || b succeeded
        ("echo start; apt-get update", "apt-get install -y curl"),  # a; b && c: c when b succeeded
        ("(cd /etc/apt && cp x.list sources.list.d) && apt-get update", "apt-get install -y curl"),
        ("apt-get update", "apt-get install -y curl 2>&1 | tee /log"),
    ],
)
def test_merge_allowed_when_meaning_is_kept(first: str, second: str) -> None:
    text = f"FROM debian:12\nRUN {first}\nRUN {second}\n"
    assert fixable(text, "DF203") == [(2, "DF203")]


def test_merge_refused_for_mounts_a_merged_run_would_share() -> None:
    for mount in ("--mount=type=tmpfs,target=/scratch", "--mount=type=bind,source=.,target=/src,rw"):
        text = f"FROM alpine:3.20\nRUN {mount} make\nRUN {mount} make install\n"
        assert found(text, "DF223") == [(3, "DF223")]
        assert fixable(text, "DF223") == []


# -- DF223 ---------------------------------------------------------------------------


def test_consecutive_runs_across_comments_stages_and_instructions() -> None:
    text = (
        "FROM alpine:3.20 AS build\n"
        "RUN make\n"
        "# then install\n"
        "\n"
        "RUN make install\n"
        "FROM alpine:3.20\n"
        "RUN echo one\n"
        "ENV X=1\n"
        "RUN echo two\n"
    )
    # comments and blank lines between are fine; a FROM or an ENV between are not;
    # builder stages count
    assert found(text, "DF223") == [(5, "DF223")]
    assert fixable(text, "DF223") == []  # the comment may be about (or silence) the second


def test_consecutive_onbuild_triggers() -> None:
    text = (
        "FROM alpine:3.20\n"
        "ONBUILD RUN mkdir -p /app\n"
        "ONBUILD RUN chown nobody /app\n"
        "RUN echo plain\n"
        "ONBUILD RUN echo trigger\n"
    )
    assert found(text, "DF223") == [(3, "DF223")]
    [d] = lint_text(text, "Dockerfile", _settings(("DF223",))).diagnostics
    assert d.message.startswith("ONBUILD RUN right after the ONBUILD RUN at line 2")
    assert fixed(text, "DF223") == (
        "FROM alpine:3.20\n"
        "ONBUILD RUN mkdir -p /app && \\\n    chown nobody /app\n"
        "RUN echo plain\n"
        "ONBUILD RUN echo trigger\n"
    )


def test_consecutive_runs_with_cache_mounts() -> None:
    mount = "--mount=type=cache,target=/root/.cache/go-build"
    same = f"FROM golang:1.22\nRUN {mount} go build ./...\nRUN {mount} go test ./...\n"
    assert found(same, "DF223") == [(3, "DF223")]
    assert fixed(same, "DF223") == (
        f"FROM golang:1.22\nRUN {mount} go build ./... && \\\n    go test ./...\n"
    )
    # the same mounts in another order are the same flags
    two = "--mount=type=cache,target=/a --mount=type=cache,target=/b"
    swapped = "--mount=type=cache,target=/b --mount=type=cache,target=/a"
    assert found(f"FROM x:1\nRUN {two} a\nRUN {swapped} b\n", "DF223") == [(3, "DF223")]


def test_consecutive_heredoc_and_exec_form_runs_are_reported_not_fixed() -> None:
    heredoc = "FROM alpine:3.20\nRUN <<EOF\nmake\nEOF\nRUN make install\n"
    assert found(heredoc, "DF223") == [(5, "DF223")]
    assert fixable(heredoc, "DF223") == []
    exec_form = 'FROM alpine:3.20\nRUN ["make"]\nRUN ["make", "install"]\n'
    assert found(exec_form, "DF223") == [(3, "DF223")]
    assert fixable(exec_form, "DF223") == []


def test_chained_runs_are_left_alone_commands_counted_as_hadolint() -> None:
    # as in hadolint, a `sh -c` script is one command's argument, a command substitution
    # a command of its own
    assert found("FROM x:1\nRUN sh -c 'a && b'\nRUN c\n", "DF223") == [(3, "DF223")]
    assert found("FROM x:1\nRUN bash <<EOF\na\nb\nEOF\n\nRUN c\n", "DF223") == [(7, "DF223")]
    assert found("FROM x:1\nRUN make -j$(nproc)\nRUN make install\n", "DF223") == []
    # a test and a bare assignment are not commands; a command named by a variable neither
    assert found("FROM x:1\nRUN [ -f /x ] || touch /x\nRUN c\n", "DF223") == [(3, "DF223")]
    assert found('FROM x:1\nRUN if [ "$A" = 1 ]; then B=0; else B=1; fi\nRUN c\n', "DF223") == [(3, "DF223")]
    assert found('FROM x:1\nRUN yes | "$SDK/sdkmanager" tools\nRUN c\n', "DF223") == [(3, "DF223")]
    # PowerShell is read as sh, as hadolint does: two statements are two commands
    ps = 'FROM x:1\nSHELL ["powershell", "-Command"]\nRUN Write-Host a; Write-Host b\nRUN c\nRUN d\n'
    assert found(ps, "DF223") == [(5, "DF223")]


def test_three_in_a_row_merge_in_one_fix() -> None:
    text = "FROM alpine:3.20\nRUN mkdir /a\nRUN mkdir /b\nRUN mkdir /c\n"
    assert found(text, "DF223") == [(3, "DF223"), (4, "DF223")]
    assert fixed(text, "DF223") == "FROM alpine:3.20\nRUN mkdir /a && \\\n    mkdir /b && \\\n    mkdir /c\n"


def test_both_rules_on_one_pair_settle() -> None:
    """DF203 and DF223 offer the same edit for an update RUN and its install RUN: the
    fix loop applies one, and the result is lint-clean for both."""
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN echo done\n"
    assert found(text, *MERGING) == [(2, "DF203"), (3, "DF223"), (4, "DF223")]
    settings = _settings(MERGING)
    outcome = fix_text(text, "Dockerfile", settings, Applicability.SAFE)
    assert (
        outcome.text
        == "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\nRUN echo done\n"
    )
    assert outcome.fixed == {"DF203": 1}
    # the install RUN now chains commands: not DF223's to join with the echo
    assert found(outcome.text, *MERGING) == []
    # with unsafe fixes, the three merge in the first round
    assert fixed(text, *MERGING) == (
        "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    echo done\n"
    )


def test_the_file_style_is_used_for_one_line_runs() -> None:
    text = (
        "FROM alpine:3.20\nRUN apk add --no-cache make \\\n  && make --version\nRUN mkdir /a\nRUN mkdir /b\n"
    )
    assert fixed(text, "DF223") == (
        "FROM alpine:3.20\nRUN apk add --no-cache make \\\n  && make --version\nRUN mkdir /a \\\n  && mkdir /b\n"
    )


# -- DF225 ---------------------------------------------------------------------------


def _layers(n: int, instruction: str = "RUN echo {i} > /{i}") -> str:
    return "".join(instruction.format(i=i) + "\n" for i in range(n))


def test_too_many_layers_counts_the_shipped_chain() -> None:
    base = "FROM alpine:3.20 AS base\n" + _layers(20)
    shipped = base + "FROM base\n" + _layers(10, "COPY f{i} /f{i}") + "ADD extra.tar /x\n"
    # 20 + 10 + 1 = 31 > 30: reported at the 31st, the ADD
    [d] = lint_text(shipped, "Dockerfile", _settings(("DF225",))).diagnostics
    assert d.start.line == shipped.count("\n")
    assert "31 layers" in d.message and f"line {shipped.count(chr(10)) - 1}" in d.message
    assert shipped[d.offset : d.end_offset] == "ADD extra.tar /x"
    # a stage only copied from is not counted
    built = base + "FROM alpine:3.20\nCOPY --from=base /0 /0\n"
    assert found(built, "DF225") == []


def test_too_many_layers_option_triggers_and_other_instructions() -> None:
    text = (
        "FROM alpine:3.20\n"
        "WORKDIR /app\n"
        "ENV A=1\n"
        "RUN echo 1\n"
        "ONBUILD RUN echo later\n"
        "ONBUILD COPY . /app\n"
        "COPY <<EOF /etc/motd\nhello\nEOF\n"
        "RUN echo 2\n"
    )
    assert found(text, "DF225") == []
    assert found(text, "DF225", options={"DF225": {"max-layers": 2}}) == [(10, "DF225")]
    assert found(text, "DF225", options={"DF225": {"max-layers": 3}}) == []
    [d] = lint_text(text, "Dockerfile", _settings(("DF225",), {"DF225": {"max-layers": 0}})).diagnostics
    assert d.start.line == 4 and "none is within the limit" in d.message
