"""The OS package-manager rules of hadolint parity: DF401-DF405 (apt, apk, yum, dnf and
zypper packages without a version), DF406-DF408 (yum, zypper and dnf without their
non-interactive switch) and DF409 (zypper dist-upgrade), on cases at least as hard as
their docs' examples: continuation lines, heredocs, `set -eux;` prefixes, `sh -c`
strings, ONBUILD triggers, cache mounts, wrappers, variables from ARG and ENV across
stages; fixed output is compared byte for byte."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()
PINNING = ("DF401", "DF402", "DF403", "DF404", "DF405")


def _settings(*rules: str) -> Settings:
    return Settings(rules=RULES, enabled=frozenset(rules))


def found(text: str, *rules: str) -> list[tuple[int, str]]:
    result = lint_text(text, "Dockerfile", _settings(*rules))
    assert not result.internal_errors
    return [(d.start.line, d.rule) for d in result.diagnostics]


def spans(text: str, *rules: str) -> list[str]:
    """The source text each finding covers."""
    result = lint_text(text, "Dockerfile", _settings(*rules))
    assert not result.internal_errors
    return [text[d.offset : d.end_offset] for d in result.diagnostics]


def messages(text: str, *rules: str) -> list[str]:
    return [d.message for d in lint_text(text, "Dockerfile", _settings(*rules)).diagnostics]


def fixable(text: str, rule: str) -> list[bool]:
    return [d.fix is not None for d in lint_text(text, "Dockerfile", _settings(rule)).diagnostics]


def fixed(text: str, rule: str) -> str:
    """The text after --fix, checked to parse, round-trip, and no longer be reported."""
    outcome = fix_text(text, "Dockerfile", _settings(rule), Applicability.SAFE)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    again = fix_text(outcome.text, "Dockerfile", _settings(rule), Applicability.SAFE)
    assert again.text == outcome.text and not again.fixed
    return outcome.text


# -- DF401-DF405: which words are packages, and which are pinned ----------------------------


def test_each_unpinned_package_of_a_continued_install_is_reported_on_its_own_word() -> None:
    text = (
        "FROM debian:12\n"
        "RUN set -eux; \\\n"
        "\tapt-get update; \\\n"
        "\tapt-get install -y --no-install-recommends \\\n"
        "\t\tca-certificates=20230311 \\\n"
        "\t\tcurl \\\n"
        "# a comment inside the continuation\n"
        "\t\t'git' \\\n"
        "\t; \\\n"
        "\trm -rf /var/lib/apt/lists/*\n"
    )
    assert found(text, "DF401") == [(6, "DF401"), (8, "DF401")]
    assert spans(text, "DF401") == ["curl", "'git'"]
    assert messages(text, "DF401")[0] == "`curl` is installed without a version: pin it as `curl=<version>`"


@pytest.mark.parametrize(
    "run",
    [
        "apt-get install -y curl=7.88.1-10+deb12u5 'git=1:2.39.*'",
        "apt-get install -y ./tool_1.0_amd64.deb /tmp/other.deb",
        "apt-get install -y -t bookworm-backports golang-go/bookworm-backports",
        "apt-get install -y --target-release=bookworm-backports golang-go=2:1.22~3~bpo12+1",
        "apt-get purge -y curl && apt-get install -y curl- lamp-server^",  # a removal, a task
        "apt-get update && apt-get upgrade -y && apt-get build-dep -y curl",
        "apt-get install -y $(cat /tmp/packages.txt)",
        "xargs apt-get install -y < /tmp/packages.txt",
    ],
)
def test_apt_words_that_need_no_pin(run: str) -> None:
    assert found(f"FROM debian:12\nRUN {run}\n", "DF401") == []


def test_apt_aptitude_and_wrappers_are_checked_like_apt_get() -> None:
    text = (
        "FROM debian:12\n"
        "RUN sudo -E env DEBIAN_FRONTEND=noninteractive apt install -y curl \\\n"
        "    && /usr/bin/aptitude install -y vim \\\n"
        "    && DEBIAN_FRONTEND=noninteractive apt-get -qq install libc6:i386\n"
    )
    assert spans(text, "DF401") == ["curl", "vim", "libc6:i386"]


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("apk add --no-cache curl=8.9.1-r0 'git~2.45' 'python3<3.13' libffi~=3.4 zlib=~1.3", []),
        ("apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.5-r0", ["gcc"]),
        ("apk add -t .deps -X https://dl-cdn.alpinelinux.org/alpine/edge/testing flow", ["flow"]),
        ("apk add --repository=https://example.com/alpine nodejs@edge", ["nodejs@edge"]),
        ("apk add ./pkg-1.0-r0.apk so:libgmp.so.10 cmd:bash", []),
        ("apk del curl && apk upgrade && apk fix openssl", []),
    ],
)
def test_apk_packages(run: str, expected: list[str]) -> None:
    assert spans(f"FROM alpine:3.20\nRUN {run}\n", "DF402") == expected


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("{tool} install -y tomcat-9.2 openssl-1:1.1.1k gcc-c++-1.1.1 git-core-2.51.0-2.fc42", []),
        ("{tool} install -y https://example.com/tool-1.0-1.x86_64.rpm /tmp/local.rpm @development", []),
        ("{tool} install -y 'perl(JSON::PP)' /usr/bin/gcc 'dnf-command(config-manager)'", []),
        ("{tool} module install -y nodejs:20 && {tool} group install -y 'Development Tools'", []),
        ("{tool} install -y tomcat java-11-openjdk rpm-sign", ["tomcat", "java-11-openjdk", "rpm-sign"]),
        ("{tool} module install -y nodejs", ["nodejs"]),
        ("{tool} localinstall -y tomcat /tmp/x.rpm", ["tomcat"]),
        ("{tool} remove -y tomcat && {tool} upgrade -y && {tool} clean all", []),
    ],
)
@pytest.mark.parametrize(("tool", "rule"), [("yum", "DF403"), ("dnf", "DF404"), ("microdnf", "DF404")])
def test_rpm_packages(run: str, expected: list[str], tool: str, rule: str) -> None:
    text = f"FROM fedora:40\nRUN {run.format(tool=tool)}\n"
    assert spans(text, rule) == expected
    other = "DF404" if rule == "DF403" else "DF403"
    assert found(text, other) == []  # yum's rule is not dnf's, and the other way round


def test_rpm_hints_name_the_syntax() -> None:
    text = "FROM fedora:40\nRUN dnf install -y tomcat && dnf module install -y nodejs\n"
    assert messages(text, "DF404") == [
        "`tomcat` is installed without a version: pin it as `tomcat-<version>`",
        "`nodejs` is installed without a version: pin it as `nodejs:<stream>`",
    ]


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("zypper -n install tomcat=9.0.39 'tomcat>=9.0' tomcat\\>9.0 'a<=1' 'b<2' c-1.2.3 d.rpm", []),
        ("zypper -n in curl '>=' 8.0 git", ["git"]),  # `curl >= 8.0` as three words
        ("zypper -n install -t pattern devel_basis && zypper -n in pattern:base", []),
        ("zypper -n install --type package tomcat", ["tomcat"]),
        ("zypper -n remove tomcat && zypper -n update && zypper -n in -y 'perl(JSON::PP)'", []),
    ],
)
def test_zypper_packages(run: str, expected: list[str]) -> None:
    assert spans(f"FROM opensuse/leap:15.6\nRUN {run}\n", "DF405") == expected


def test_heredoc_sh_c_and_onbuild() -> None:
    text = (
        "FROM alpine:3.20\n"
        "RUN <<EOF\n"
        "set -eux\n"
        "apk add --no-cache curl=8.9.1-r0 \\\n"
        "    jq\n"
        "EOF\n"
        "RUN sh -c 'apk add --no-cache git && apk add bash=5.2.26-r0'\n"
        "ONBUILD RUN apk add --no-cache make\n"
    )
    assert found(text, "DF402") == [(5, "DF402"), (7, "DF402"), (8, "DF402")]
    assert spans(text, "DF402") == ["jq", "git", "make"]


def test_cache_mounts_and_builder_stages_do_not_matter() -> None:
    # pinning is about what is installed, not what stays in the layer: a cache mount and a
    # stage that does not ship change nothing
    text = (
        "FROM debian:12 AS build\n"
        "RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \\\n"
        "    apt-get update && apt-get install -y gcc\n"
        "FROM debian:12\n"
        "COPY --from=build /usr/bin/gcc /usr/bin/gcc\n"
    )
    assert found(text, "DF401") == [(3, "DF401")]


# -- DF401-DF405: variables -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # hadolint's cases: ARG or ENV in the stage, or in the stage it is built FROM
        "FROM fedora:40\nENV version=2.51.0-2.fc42\nRUN yum -y install git-core-${version}\n",
        "FROM fedora:40\nARG version=2.51.0-2.fc42\nRUN yum -y install git-core-$version\n",
        "FROM fedora:40 AS base\nENV version=2.51.0-2.fc42\nFROM base\nRUN yum -y install git-core-${version}\n",
        # a global ARG redeclared in the stage; an ARG whose value the build gives
        "ARG V=2.51.0\nFROM fedora:40\nARG V\nRUN yum -y install git-core-$V\n",
        'FROM fedora:40\nARG V\nRUN yum -y install git-core-$V "tomcat-${V}"\n',
        # the base image may set it (postgres sets PG_MAJOR); the RUN may set it itself
        "FROM fedora:40\nRUN yum -y install postgresql$PG_MAJOR-$PG_VERSION\n",
        "FROM fedora:40\nRUN V=1.2 && yum -y install tomcat-$V\n",
        "FROM fedora:40\nRUN export V=1.2; yum -y install tomcat-$V\n",
        "FROM fedora:40\nRUN read -r V < /v && yum -y install tomcat-$V\n",
        "FROM fedora:40\nRUN . /etc/os-release && yum -y install tomcat-$VERSION_ID\n",
        "FROM scratch\nRUN for v in 1 2; do yum -y install tomcat-$v; done\n",
        "FROM fedora:40\nRUN yum -y install tomcat-$(cat /v) kernel-devel-`uname -r` tomcat-$HOME\n",
        # a whole word from a variable that nothing here sets: no package at all
        "FROM fedora:40\nRUN yum -y install $PACKAGES\n",
    ],
)
def test_versions_from_variables_that_pin_or_may_pin(text: str) -> None:
    assert found(text, "DF403") == []


def test_a_variable_set_in_another_stage_is_empty_here() -> None:
    # hadolint's "not ok with version as variable - different stages, new stage", and the
    # same with an ARG (which hadolint accepts: an ARG's scope ends with its stage too)
    for kind in ("ENV", "ARG"):
        text = (
            f"FROM fedora:40 AS build\n{kind} version=2.51.0-2.fc42\n"
            "FROM fedora:40\nRUN dnf -y install git-core-${version}\n"
        )
        assert found(text, "DF404") == [(4, "DF404")]
        assert messages(text, "DF404") == [
            "`git-core-${version}` names no version: `version` is set by an ARG or ENV that does not "
            "reach this stage, so dnf gets `git-core-`"
        ]


def test_a_global_arg_not_redeclared_and_an_undeclared_name_on_scratch() -> None:
    text = "ARG CURL_VERSION=7.88.1\nFROM debian:12\nRUN apt-get install -y curl=$CURL_VERSION\n"
    assert spans(text, "DF401") == ["curl=$CURL_VERSION"]
    scratch = 'FROM scratch\nRUN apt-get install -y "curl=${CURL_VERSION}"\n'
    assert messages(scratch, "DF401") == [
        "`curl=${CURL_VERSION}` names no version: `CURL_VERSION` is not set by an ARG or ENV of this "
        "stage, so apt-get gets `curl=`"
    ]


def test_a_list_in_a_variable_is_checked_package_by_package() -> None:
    text = (
        "FROM alpine:3.20\n"
        'ARG BUILD_DEPS="gcc musl-dev=1.2.5-r0 make libffi-dev"\n'
        "ENV RUNTIME=libpq\n"
        'ARG PINNED="curl=8.9.1-r0 git~2.45"\n'
        "RUN apk add --no-cache --virtual .deps $BUILD_DEPS ${RUNTIME} $PINNED\n"
    )
    assert spans(text, "DF402") == ["$BUILD_DEPS", "${RUNTIME}"]
    assert messages(text, "DF402") == [
        "`$BUILD_DEPS` holds `gcc`, `make`, `libffi-dev` without a version: pin each as `gcc=<version>`",
        "`${RUNTIME}` is `libpq`, installed without a version: pin it as `libpq=<version>`",
    ]
    many = 'FROM debian:12\nARG P="a b c d e"\nRUN apt-get install -y $P\n'
    assert messages(many, "DF401") == [
        "`$P` holds `a`, `b`, `c` and 2 more without a version: pin each as `a=<version>`"
    ]


def test_a_list_set_earlier_in_the_run_is_followed() -> None:
    text = (
        "FROM debian:12\n"
        "RUN set -ex; \\\n"
        '    fetchDeps=" \\\n'
        "        gnupg \\\n"
        "        dirmngr=2.2.40-1.1 \\\n"
        '    "; \\\n'
        "    export V=9.2; \\\n"
        "    apt-get update; \\\n"
        "    apt-get install -y --no-install-recommends $fetchDeps tomcat=$V; \\\n"
        "    apt-get purge -y --auto-remove $fetchDeps\n"
    )
    assert spans(text, "DF401") == ["$fetchDeps"]
    assert messages(text, "DF401") == [
        "`$fetchDeps` is `gnupg`, installed without a version: pin it as `gnupg=<version>`"
    ]


def test_a_list_appended_to_in_the_run_is_followed() -> None:
    """`deps="$deps more"` (at the top level, or under an `if`: some runs install them)."""
    text = (
        "FROM debian:12\n"
        'RUN deps="automake ca-certificates=1"; \\\n'
        '    deps="${deps} libssl-dev"; \\\n'
        "    apt-get install -y $deps\n"
        "RUN set -xe; \\\n"
        "    fetchDeps=' wget '; \\\n"
        "    if ! command -v gpg > /dev/null; then \\\n"
        '        fetchDeps="$fetchDeps dirmngr gnupg"; \\\n'
        "    fi; \\\n"
        "    apt-get install -y --no-install-recommends $fetchDeps\n"
    )
    assert messages(text, "DF401") == [
        "`$deps` holds `automake`, `libssl-dev` without a version: pin each as `automake=<version>`",
        "`$fetchDeps` holds `wget`, `dirmngr`, `gnupg` without a version: pin each as `wget=<version>`",
    ]


@pytest.mark.parametrize(
    "run",
    [
        "apt-get install -y tomcat=$V; V=9.2",  # set after the command
        "V=9.2; V=$(cat /v); apt-get install -y tomcat=$V",  # set twice
        "if true; then V=9.2; fi; apt-get install -y tomcat=$V",  # not at the top level
        "V=1; if true; then V=9.2; fi; apt-get install -y tomcat=$V",  # replaced, not appended to
        'D=a=1; for x in b c; do D="$D $x"; done; apt-get install -y $D',  # appended in a loop
        'D=a=1; (D="$D b"); apt-get install -y $D',  # in a subshell (which does not keep it)
        "V=$(cat /v); apt-get install -y tomcat=$V",  # not static
        "V=9.2 apt-get install -y tomcat=$V",  # the prefix applies after $V is expanded
    ],
)
def test_assignments_in_the_run_that_are_not_followed(run: str) -> None:
    assert found(f"FROM debian:12\nRUN {run}\n", "DF401") == []


def test_options_in_a_variable_are_read_as_options() -> None:
    text = 'FROM debian:12\nARG APT_OPTS="-y -t bookworm-backports"\nRUN apt-get install $APT_OPTS curl\n'
    assert spans(text, "DF401") == ["curl"]  # bookworm-backports is -t's value, not a package


def test_onbuild_triggers_run_with_the_downstream_build_s_variables() -> None:
    text = (
        "FROM fedora:40\n"
        "ARG V=1.2\n"
        "ONBUILD RUN yum -y install tomcat-$V tomcat-$UNSET_HERE\n"
        "ONBUILD RUN yum -y install tomcat\n"
    )
    assert found(text, "DF403") == [(4, "DF403")]


def test_the_backquote_escape_does_not_change_how_the_shell_expands() -> None:
    text = "# escape=`\nFROM fedora:40\nARG V=9.2\nRUN yum -y install `\n    tomcat-$V `\n    git\n"
    assert spans(text, "DF403") == ["git"]


# -- DF406 / DF408: yum and dnf without -y ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tabs, `\` at column 80
        (
            "FROM centos:7\n"
            "RUN set -eux; \\\n"
            "\tyum install epel-release-7-14                                                 \\\n"
            "\t\t&& yum clean all\n",
            "FROM centos:7\n"
            "RUN set -eux; \\\n"
            "\tyum install -y epel-release-7-14                                              \\\n"
            "\t\t&& yum clean all\n",
        ),
        # 4-space indent, `&&` at line starts, options before the subcommand
        (
            "FROM centos:7\n"
            "RUN yum --setopt=tsflags=nodocs \\\n"
            "        groupinstall 'Development Tools' \\\n"
            "    && yum clean all\n",
            "FROM centos:7\n"
            "RUN yum --setopt=tsflags=nodocs \\\n"
            "        groupinstall -y 'Development Tools' \\\n"
            "    && yum clean all\n",
        ),
        # trailing `;` style, CRLF line ends
        (
            "FROM centos:7\r\nRUN yum update; \\\r\n    yum localinstall /tmp/x.rpm;\r\n",
            "FROM centos:7\r\nRUN yum update -y; \\\r\n    yum localinstall -y /tmp/x.rpm;\r\n",
        ),
    ],
)
def test_yum_fix_inserts_y_after_the_subcommand(text: str, expected: str) -> None:
    assert fixed(text, "DF406") == expected


def test_yum_switch_spellings_and_commands_that_do_not_ask() -> None:
    text = (
        "FROM centos:7\n"
        "RUN yum --assumeyes install a-1 && yum -q -y remove b && yum install --setopt=assumeyes=True c-1\n"
        "RUN yum clean all && yum makecache && yum list installed && yum $YUM_OPTS install d-1\n"
        "RUN yum install --setopt=assumeyes=0 e-1\n"
    )
    assert found(text, "DF406") == [(4, "DF406")]


def test_dnf_and_microdnf_in_heredocs_sh_c_and_onbuild() -> None:
    text = (
        "FROM fedora:40\n"
        "RUN <<EOF\n"
        "set -eux\n"
        "dnf module enable nodejs:20\n"
        "microdnf install nodejs-20.16.0\n"
        "EOF\n"
        "RUN sh -c 'dnf install tomcat-9.0.87'\n"
        "ONBUILD RUN dnf5 upgrade\n"
    )
    assert found(text, "DF408") == [(4, "DF408"), (5, "DF408"), (7, "DF408"), (8, "DF408")]
    assert found(text, "DF406") == []
    assert fixable(text, "DF408") == [True, True, True, True]
    assert fixed(text, "DF408") == (
        "FROM fedora:40\n"
        "RUN <<EOF\n"
        "set -eux\n"
        "dnf module enable -y nodejs:20\n"
        "microdnf install -y nodejs-20.16.0\n"
        "EOF\n"
        "RUN sh -c 'dnf install -y tomcat-9.0.87'\n"
        "ONBUILD RUN dnf5 upgrade -y\n"
    )


def test_the_message_names_the_tool_and_its_subcommand() -> None:
    text = "FROM fedora:40\nRUN microdnf update\n"
    assert messages(text, "DF408") == [
        "`microdnf upgrade` without `-y` asks for confirmation, and a build has no one to answer: "
        "the step fails or hangs"
    ]


# -- DF407 zypper without --non-interactive ------------------------------------------------


@pytest.mark.parametrize(
    "run",
    [
        "zypper -n install a=1",
        "zypper --non-interactive in a=1",
        "zypper install --non-interactive a=1",
        "zypper install -y a=1 && zypper rm --no-confirm b",
        "zypper --quiet -n patch && zypper -n dup && zypper -n up",
        "zypper refresh && zypper clean --all && zypper search vim && zypper lr",
        "zypper $ZYPPER_OPTS install a=1",
    ],
)
def test_zypper_switches(run: str) -> None:
    assert found(f"FROM opensuse/leap:15.6\nRUN {run}\n", "DF407") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "FROM opensuse/leap:15.6\nRUN zypper install -n git-core=2.43.0 && zypper clean\n",
            "FROM opensuse/leap:15.6\nRUN zypper -n install -n git-core=2.43.0 && zypper clean\n",
        ),
        # tabs, `&&` at line starts, a wrapper, several commands
        (
            "FROM opensuse/leap:15.6\n"
            "RUN zypper refresh \\\n"
            "\t&& sudo zypper --quiet in curl=8.0 \\\n"
            "\t&& zypper remove vim \\\n"
            "\t&& zypper si -d git\n",
            "FROM opensuse/leap:15.6\n"
            "RUN zypper refresh \\\n"
            "\t&& sudo zypper -n --quiet in curl=8.0 \\\n"
            "\t&& zypper -n remove vim \\\n"
            "\t&& zypper -n si -d git\n",
        ),
        # a heredoc with set -eux, `;` at line ends
        (
            "FROM opensuse/leap:15.6\nRUN <<EOF\nset -eux;\nzypper update;\nzypper patch;\nEOF\n",
            "FROM opensuse/leap:15.6\nRUN <<EOF\nset -eux;\nzypper -n update;\nzypper -n patch;\nEOF\n",
        ),
    ],
)
def test_zypper_fix_inserts_the_global_switch(text: str, expected: str) -> None:
    assert fixed(text, "DF407") == expected


def test_zypper_inside_sh_c_and_onbuild() -> None:
    text = "FROM opensuse/leap:15.6\nRUN sh -c 'zypper in curl=8.0'\nONBUILD RUN zypper dup\n"
    assert found(text, "DF407") == [(2, "DF407"), (3, "DF407")]
    assert fixable(text, "DF407") == [True, True]
    assert spans(text, "DF407") == ["zypper in curl=8.0", "zypper dup"]


# -- DF409 zypper dist-upgrade ---------------------------------------------------------------


def test_dist_upgrade_in_every_spelling() -> None:
    text = (
        "FROM opensuse/tumbleweed\n"
        "RUN zypper -n dup \\\n"
        "    && sudo zypper --non-interactive dist-upgrade --no-recommends\n"
        "ONBUILD RUN sh -c 'zypper -n dup'\n"
        "RUN zypper -n update && zypper -n patch && apt-get dist-upgrade -y\n"
    )
    assert found(text, "DF409") == [(2, "DF409"), (3, "DF409"), (4, "DF409")]
    assert spans(text, "DF409")[1] == "zypper --non-interactive dist-upgrade --no-recommends"


def test_exec_form_run_is_one_command() -> None:
    # as hadolint: `RUN ["apt-get", "install", ...]` installs what it names
    text = 'FROM debian:12\nRUN ["apt-get", "install", "-y", "build-essential", "curl=7.88.1-10"]\n'
    assert spans(text, "DF401") == ['"build-essential"']
    assert found('FROM alpine:3.20\nRUN ["apk", "add", "curl"]\n', "DF402") == [(2, "DF402")]
