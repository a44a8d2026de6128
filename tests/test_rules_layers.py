"""Hard cases for the package-manager hygiene rules written first (DF201, DF202, DF205,
DF207, DF210, DF211, DF212): heredoc scripts, ``sh -c`` strings, ``set -eux;`` prefixes,
ONBUILD triggers, cache mounts that make a rule moot, and fixes inside multi-line RUNs that
keep the file's own indentation and continuation style (compared byte for byte)."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()
HYGIENE = ("DF201", "DF202", "DF205", "DF207", "DF210", "DF211", "DF212")


def found(text: str, *rules: str) -> list[tuple[int, int, str]]:
    settings = Settings(rules=RULES, enabled=frozenset(rules or HYGIENE))
    result = lint_text(text, "Dockerfile", settings)
    assert not result.internal_errors
    return [(d.start.line, d.start.column, d.rule) for d in result.diagnostics]


def fixed(text: str, *rules: str, unsafe: bool = True) -> str:
    settings = Settings(rules=RULES, enabled=frozenset(rules or HYGIENE))
    level = Applicability.UNSAFE if unsafe else Applicability.SAFE
    outcome = fix_text(text, "Dockerfile", settings, level)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    return outcome.text


def test_heredoc_script_is_checked_line_by_line() -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -eux\napt-get update\napt-get install -y curl\nEOF\n"
    assert found(text) == [(4, 1, "DF201"), (5, 1, "DF202")]
    # the option goes into the heredoc line; the list cleanup is not appended to a heredoc
    assert fixed(text) == text.replace("install -y", "install --no-install-recommends -y")


def test_sh_c_string_is_looked_into_and_options_go_inside_its_quotes() -> None:
    text = "FROM debian:12\nRUN sh -c 'apt-get update && apt-get install -y curl'\n"
    assert found(text) == [(2, 12, "DF201"), (2, 30, "DF202")]
    # an option word inside the quotes stays in the string; a command appended after
    # the quotes would not run in that shell, so DF201 has no fix here
    assert (
        fixed(text)
        == "FROM debian:12\nRUN sh -c 'apt-get update && apt-get install --no-install-recommends -y curl'\n"
    )


def test_an_option_outside_the_quotes_of_an_sh_c_string_is_escaped() -> None:
    text = "FROM debian:12\nRUN sh -c apt-get\\ install\\ --no-install-recommends\\ curl\n"
    assert (
        fixed(text, "DF212")
        == "FROM debian:12\nRUN sh -c apt-get\\ install\\ -y\\ --no-install-recommends\\ curl\n"
    )


def test_onbuild_trigger_is_checked_and_fixed() -> None:
    text = "FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n"
    assert found(text) == [(2, 13, "DF201"), (2, 31, "DF202")]
    assert fixed(text) == (
        "FROM debian:12\nONBUILD RUN apt-get update && apt-get install --no-install-recommends -y curl"
        " && rm -rf /var/lib/apt/lists/*\n"
    )


@pytest.mark.parametrize(
    ("mount", "rule"),
    [
        ("--mount=type=cache,target=/var/lib/apt/lists", "DF201"),
        ("--mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt", "DF201"),
        ("--mount=type=tmpfs,target=/var/lib/apt/lists", "DF201"),
        ("--mount=type=cache,target=/root/.cache/pip", "DF207"),
        ("--mount=type=cache,target=/var/cache/apk", "DF205"),
    ],
)
def test_cache_mounts_keep_the_cache_out_of_the_layer(mount: str, rule: str) -> None:
    script = {
        "DF201": "apt-get update && apt-get install -y --no-install-recommends curl",
        "DF207": "pip install flask",
        "DF205": "apk add curl",
    }[rule]
    assert found(f"FROM base\nRUN {script}\n", rule) != []
    assert found(f"FROM base\nRUN {mount} {script}\n", rule) == []


def test_a_cache_mount_elsewhere_does_not_count() -> None:
    text = "FROM python:3.12\nRUN --mount=type=cache,target=/var/cache/apt pip install flask\n"
    assert found(text, "DF207") == [(2, 46, "DF207")]


def test_set_eux_semicolon_style_with_four_spaces() -> None:
    text = "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends curl\n"
    assert fixed(text, "DF201") == (
        "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n"
        "    apt-get install -y --no-install-recommends curl; \\\n    rm -rf /var/lib/apt/lists/*\n"
    )


def test_tabs_and_and_at_line_ends() -> None:
    text = "FROM debian:12\nRUN apt-get update && \\\n\tapt-get install -y --no-install-recommends curl\n"
    assert fixed(text, "DF201") == (
        "FROM debian:12\nRUN apt-get update && \\\n\tapt-get install -y --no-install-recommends curl && \\\n"
        "\trm -rf /var/lib/apt/lists/*\n"
    )


def test_and_at_line_starts_with_backslash_at_column_80() -> None:
    first = "RUN apt-get update && apt-get install -y --no-install-recommends python3"
    text = f"FROM debian:12\n{first.ljust(79)}\\\n    && echo done\n"
    assert (
        fixed(text, "DF201")
        == f"FROM debian:12\n{first.ljust(79)}\\\n{'    && echo done'.ljust(79)}\\\n    && rm -rf /var/lib/apt/lists/*\n"
    )


def test_crlf_and_backtick_escape_are_kept() -> None:
    text = "# escape=`\r\nFROM debian:12\r\nRUN apt-get update `\r\n    && apt-get install -y --no-install-recommends curl\r\n"
    assert fixed(text, "DF201") == (
        "# escape=`\r\nFROM debian:12\r\nRUN apt-get update `\r\n"
        "    && apt-get install -y --no-install-recommends curl `\r\n    && rm -rf /var/lib/apt/lists/*\r\n"
    )


def test_options_go_after_the_subcommand_in_a_set_eux_script() -> None:
    text = "FROM python:3.12\nRUN set -eux; \\\n    pip install flask; \\\n    gem install rails\n"
    assert found(text) == [(3, 5, "DF207"), (4, 5, "DF210")]
    assert fixed(text, unsafe=False) == (
        "FROM python:3.12\nRUN set -eux; \\\n    pip install --no-cache-dir flask; \\\n    gem install --no-document rails\n"
    )


def test_wrappers_are_seen_through() -> None:
    text = "FROM python:3.12\nRUN sudo -E python3 -m pip install flask && env DEBIAN_FRONTEND=noninteractive apt-get install curl\n"
    assert [rule for _, _, rule in found(text)] == ["DF207", "DF202", "DF212"]


def test_an_option_in_a_variable_may_be_there() -> None:
    text = 'FROM debian:12\nARG APT_OPTS="-y --no-install-recommends"\nRUN apt-get install $APT_OPTS curl\n'
    assert found(text, "DF202", "DF212") == []


def test_upgrade_is_reported_in_every_spelling() -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-get -y dist-upgrade && apt upgrade -y\n"
    assert [(line, rule) for line, _, rule in found(text, "DF211")] == [(2, "DF211"), (2, "DF211")]


def test_fixes_settle_together() -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-get install curl\n"
    once = fixed(text)
    assert once == (
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl"
        " && rm -rf /var/lib/apt/lists/*\n"
    )
    assert fixed(once) == once
    assert found(once) == []


def test_an_update_alone_is_not_fixed_by_deleting_the_lists_a_later_install_needs() -> None:
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n"
    assert found(text, "DF201") == [(2, 5, "DF201")]
    assert fixed(text, "DF201") == text  # `rm -rf /var/lib/apt/lists/*` here breaks line 3
    # DF203 merges the two RUNs; then DF201 appends the cleanup after the install
    assert fixed(text, "DF201", "DF203") == (
        "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n"
    )


def test_a_redirected_last_command_still_takes_the_appended_cleanup() -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends x > /dev/null\n"
    assert fixed(text, "DF201") == text[:-1] + " && rm -rf /var/lib/apt/lists/*\n"


@pytest.mark.parametrize(
    ("script", "reported"),
    [
        ("apt-get update; apt-get install -y --no-install-recommends curl; apt-get dist-clean", False),
        ("apt-get update && apt-get install -y --no-install-recommends curl && apt-get distclean", False),
        ("apt update && apt install -y --no-install-recommends curl && apt dist-clean", False),
        # the lists come after the cleanup
        ("apt-get dist-clean && apt-get update && apt-get install -y --no-install-recommends curl", True),
        # `apt-get clean` empties /var/cache/apt only, and hadolint's any `rm -rf` is not the lists
        ("apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean", True),
        ("apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /tmp/*", True),
    ],
)
def test_dist_clean_removes_the_lists(script: str, reported: bool) -> None:
    assert bool(found(f"FROM debian:trixie\nRUN {script}\n", "DF201")) is reported
