"""The package-manager rules DF204 (apt in a script), DF206 (yum/dnf/microdnf/zypper
cache), DF208 (npm install / npm's cache) and DF209 (yarn's cache) on cases at least as
hard as their docs' examples: continuation styles, heredocs, `set -eux;` prefixes,
`sh -c` strings, ONBUILD triggers, cache mounts and multi-stage files; fixed output is
compared byte for byte. Also the declarative keys these rules brought to the `match:`
language (unless-command, unless-mounted-option, stages, append-command,
replace-command) and their validation."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.checks.declarative import CommandPattern, validate
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.model.commands import model_command
from dflint.syntax.parser import parse

RULES = builtin_rules()


def _settings(*rules: str) -> Settings:
    return Settings(rules=RULES, enabled=frozenset(rules))


def found(text: str, *rules: str) -> list[tuple[int, str]]:
    result = lint_text(text, "Dockerfile", _settings(*rules))
    assert not result.internal_errors
    return [(d.start.line, d.rule) for d in result.diagnostics]


def spans(text: str, rule: str) -> list[str]:
    """The source text each finding covers."""
    result = lint_text(text, "Dockerfile", _settings(rule))
    return [text[d.offset : d.end_offset] for d in result.diagnostics]


def fixable(text: str, rule: str) -> list[bool]:
    return [d.fix is not None for d in lint_text(text, "Dockerfile", _settings(rule)).diagnostics]


def fixed(text: str, rule: str) -> str:
    """The text after --fix --unsafe-fixes, checked to parse, round-trip and be stable."""
    outcome = fix_text(text, "Dockerfile", _settings(rule), Applicability.UNSAFE)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    again = fix_text(outcome.text, "Dockerfile", _settings(rule), Applicability.UNSAFE)
    assert again.text == outcome.text and not again.fixed
    return outcome.text


# -- DF204 apt-in-script ------------------------------------------------------------------


def test_apt_fix_keeps_the_directory_and_works_inside_sh_c_and_onbuild() -> None:
    text = (
        "FROM debian:12\n"
        "RUN sudo /usr/bin/apt install -y curl && sh -c 'apt remove -y x'\n"
        "ONBUILD RUN apt update\n"
    )
    assert found(text, "DF204") == [(2, "DF204"), (2, "DF204"), (3, "DF204")]
    assert fixed(text, "DF204") == (
        "FROM debian:12\n"
        "RUN sudo /usr/bin/apt-get install -y curl && sh -c 'apt-get remove -y x'\n"
        "ONBUILD RUN apt-get update\n"
    )


def test_apt_in_a_heredoc_with_set_eux() -> None:
    text = 'FROM debian:12\nRUN <<EOF\nset -eux\napt update\n"apt" install -y curl\nEOF\n'
    assert found(text, "DF204") == [(4, "DF204"), (5, "DF204")]
    assert fixable(text, "DF204") == [True, False]  # a quoted word is not rewritten
    assert (
        fixed(text, "DF204")
        == 'FROM debian:12\nRUN <<EOF\nset -eux\napt-get update\n"apt" install -y curl\nEOF\n'
    )


def test_apt_continuation_lines_and_subcommands_without_an_apt_get_twin() -> None:
    text = (
        "FROM ubuntu:24.04\n"
        "RUN apt update \\\n"
        "    && apt upgrade -y \\\n"
        "    && apt full-upgrade -y \\\n"
        "    && apt list --installed\n"
    )
    assert found(text, "DF204") == [(2, "DF204"), (3, "DF204"), (4, "DF204"), (5, "DF204")]
    # `apt upgrade` also installs new dependencies; `apt list` is apt-cache/dpkg-query's
    assert fixable(text, "DF204") == [True, False, True, False]
    # `update` is safe to rewrite; `full-upgrade` downloads packages, which apt-get keeps
    levels = [
        d.fix.applicability for d in lint_text(text, "Dockerfile", _settings("DF204")).diagnostics if d.fix
    ]
    assert levels == [Applicability.SAFE, Applicability.UNSAFE]
    assert fixed(text, "DF204") == (
        "FROM ubuntu:24.04\n"
        "RUN apt-get update \\\n"
        "    && apt upgrade -y \\\n"
        "    && apt-get full-upgrade -y \\\n"
        "    && apt list --installed\n"
    )


def test_apt_get_apt_cache_and_words_named_apt_are_not_apt() -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-cache policy apt && echo apt && ls /etc/apt\n"
    assert found(text, "DF204") == []


# -- DF206 rpm-cache-not-cleaned -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tabs, `set -eux;` and a trailing `; \` style
        (
            "FROM fedora:40\nRUN set -eux; \\\n\tdnf install -y \\\n\t\tgcc \\\n\t\tmake; \\\n\tgcc --version\n",
            "FROM fedora:40\nRUN set -eux; \\\n\tdnf install -y \\\n\t\tgcc \\\n\t\tmake; \\\n"
            "\tgcc --version; \\\n\tdnf clean all\n",
        ),
        # `&&` at line starts, `\` at column 80
        (
            "FROM fedora:40\n"
            "RUN dnf install -y --setopt=install_weak_deps=False gcc make cmake ninja-build \\\n"
            "    && echo done\n",
            "FROM fedora:40\n"
            "RUN dnf install -y --setopt=install_weak_deps=False gcc make cmake ninja-build \\\n"
            "    && echo done \\\n"
            "    && dnf clean all\n",
        ),
        # `&& \` at line ends, 4-space indent, after `set -eux &&`
        (
            "FROM opensuse/leap:15.6\nRUN set -eux && \\\n    zypper -n in curl && \\\n    curl --version\n",
            "FROM opensuse/leap:15.6\nRUN set -eux && \\\n    zypper -n in curl && \\\n"
            "    curl --version && \\\n    zypper clean --all\n",
        ),
        # CRLF line ends and the escape directive
        (
            "# escape=`\r\nFROM centos:7\r\nRUN yum install -y epel-release && `\r\n    yum --version\r\n",
            "# escape=`\r\nFROM centos:7\r\nRUN yum install -y epel-release && `\r\n"
            "    yum --version && `\r\n    yum clean all\r\n",
        ),
        # one line; microdnf
        (
            "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y tar\n",
            "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\n"
            "RUN microdnf install -y tar && microdnf clean all\n",
        ),
    ],
)
def test_rpm_cache_fix_continues_the_run_in_its_own_style(text: str, expected: str) -> None:
    assert len(found(text, "DF206")) == 1
    assert fixed(text, "DF206") == expected


@pytest.mark.parametrize(
    "run",
    [
        "dnf install -y gcc && dnf clean all",
        "dnf install -y gcc && yum clean all",  # on RHEL 8 and later yum is dnf
        "yum install -y gcc && rm -rf /var/cache/yum/*",
        "yum install -y gcc && rm -fR /var/cache/yum",
        "dnf5 install -y gcc && rm -rf /var/cache/libdnf5",
        "dnf -y up-min && rm -rf /var/cache/*",  # a directory above the cache
        "zypper --non-interactive in curl && zypper cc -a",  # cc is clean
        "zypper in -y curl && rm -rf /var/cache/zypp/*",
        "sh -c 'dnf install -y gcc && dnf clean all'",
        "set -eux; yum install -y gcc; if true; then yum clean all; fi",
        "--mount=type=cache,target=/var/cache/dnf dnf install -y gcc",
        "--mount=type=cache,target=/var/cache dnf install -y gcc",  # covers /var/cache/dnf
        "--mount=type=tmpfs,target=/var/cache/zypp zypper in -y curl",
        "dnf clean all && dnf makecache",  # nothing installed
        "yum remove -y gcc",
        "yum clean all && yum install -y gcc && yum clean all",  # hadolint reports it: the first clean
    ],
)
def test_rpm_cache_cleaned_or_mounted(run: str) -> None:
    assert found(f"FROM fedora:40\nRUN {run}\n", "DF206") == []


@pytest.mark.parametrize(
    "run",
    [
        "yum clean all && yum install -y gcc",  # the cleanup must come after
        "dnf install -y gcc && rm -f /var/cache/dnf/*.rpm",  # not recursive: metadata stays
        "microdnf install -y gcc && dnf clean all",  # ubi-minimal has no dnf
        "dnf install -y gcc && zypper clean",  # another manager's cleanup
        "--mount=type=cache,target=/var/cache/zypp dnf install -y gcc",  # another manager's cache
        "dnf -y rei gcc",
        "yum -y groupinstall 'Development Tools'",
        "dnf module install -y nodejs:20",
        # hadolint checks install (and dnf's upgrade) only, and takes any `rm -rf` for yum's cleanup
        "yum update -y",
        "dnf -y update",  # dnf's alias of upgrade
        "zypper -n update",
        "sudo yum install -y gcc",
        "yum install -y gcc && rm -rf /tmp/gcc-build",
    ],
)
def test_rpm_cache_left(run: str) -> None:
    assert found(f"FROM fedora:40\nRUN {run}\n", "DF206") == [(2, "DF206")]


def test_rpm_cache_reported_once_per_run_at_the_first_uncleaned_install() -> None:
    text = "FROM fedora:40\nRUN dnf install -y gcc && dnf clean all && dnf install -y make && dnf install -y cmake\n"
    assert spans(text, "DF206") == ["dnf install -y make"]
    assert fixed(text, "DF206") == (
        "FROM fedora:40\n"
        "RUN dnf install -y gcc && dnf clean all && dnf install -y make && dnf install -y cmake && dnf clean all\n"
    )
    # one finding per manager: each has its own cleanup
    both = "FROM fedora:40\nRUN dnf install -y gcc && zypper in -y curl\n"
    assert spans(both, "DF206") == ["dnf install -y gcc", "zypper in -y curl"]
    assert fixed(both, "DF206") == (
        "FROM fedora:40\nRUN dnf install -y gcc && zypper in -y curl && dnf clean all && zypper clean --all\n"
    )


def test_rpm_cache_reported_without_a_fix_where_nothing_can_be_appended() -> None:
    heredoc = "FROM fedora:40\nRUN <<EOF\nset -eux\ndnf install -y gcc\nEOF\n"
    assert found(heredoc, "DF206") == [(4, "DF206")]
    assert fixable(heredoc, "DF206") == [False]
    cleaned = "FROM fedora:40\nRUN <<EOF\nset -eux\ndnf install -y gcc\ndnf clean all\nEOF\n"
    assert found(cleaned, "DF206") == []
    nested = "FROM fedora:40\nRUN sh -c 'dnf install -y gcc'\n"
    assert fixable(nested, "DF206") == [False]
    comment = "FROM fedora:40\nRUN dnf install -y gcc # compilers\n"
    assert fixable(comment, "DF206") == [False]
    assert fixed(comment, "DF206") == comment


def test_rpm_cache_in_every_stage_and_in_onbuild_triggers() -> None:
    builder = (
        "FROM fedora:40 AS build\nRUN dnf install -y gcc\n"
        "FROM fedora:40\nCOPY --from=build /usr/bin/gcc /usr/bin/gcc\n"
    )
    assert found(builder, "DF206") == [(2, "DF206")]  # as in hadolint: its layers fill the build cache
    base = 'FROM fedora:40 AS base\nRUN dnf install -y gcc\nFROM base\nCMD ["gcc"]\n'
    assert found(base, "DF206") == [(2, "DF206")]
    trigger = "FROM fedora:40\nONBUILD RUN dnf install -y gcc\n"
    assert found(trigger, "DF206") == [(2, "DF206")]
    assert fixed(trigger, "DF206") == "FROM fedora:40\nONBUILD RUN dnf install -y gcc && dnf clean all\n"


# -- DF208 npm-install ------------------------------------------------------------------


_NODE = "FROM node:20-bookworm-slim\nWORKDIR /app\n"


@pytest.mark.parametrize(
    "copy",
    [
        "COPY package.json package-lock.json ./\n",
        "COPY package*.json ./\n",
        'COPY ["package.json", "npm-shrinkwrap.json", "./"]\n',
        "COPY --from=deps /app/package-lock.json ./\n",
        "ADD package-lock.json /app/\n",
    ],
)
def test_npm_install_after_a_lockfile_is_copied(copy: str) -> None:
    text = _NODE + copy + "RUN npm install && npm cache clean --force\n"
    assert found(text, "DF208") == [(4, "DF208")]
    assert fixed(text, "DF208") == _NODE + copy + "RUN npm ci && npm cache clean --force\n"


@pytest.mark.parametrize(
    "copy",
    [
        "COPY package.json ./\n",
        "COPY *.json ./\n",  # any json: not evidently a lockfile
        "COPY . .\n",  # the context may or may not hold one
    ],
)
def test_npm_install_without_a_lockfile_in_sight(copy: str) -> None:
    assert found(_NODE + copy + "RUN npm install && npm cache clean --force\n", "DF208") == []


def test_npm_lockfile_from_a_base_stage_a_bind_mount_or_an_onbuild_trigger() -> None:
    base = (
        "FROM node:20 AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
        "FROM deps AS build\nRUN npm install\nRUN npm run build\n"
        "FROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n"
    )
    assert found(base, "DF208") == [(5, "DF208")]  # the builder: only the lockfile finding
    mounted = (
        "FROM node:20\nWORKDIR /app\n"
        "RUN --mount=type=bind,source=package-lock.json,target=package-lock.json \\\n"
        "    --mount=type=bind,source=package.json,target=package.json \\\n"
        "    --mount=type=cache,target=/root/.npm \\\n"
        "    npm install\n"
    )
    assert found(mounted, "DF208") == [(6, "DF208")]
    assert fixed(mounted, "DF208").endswith("    npm ci\n")
    trigger = "FROM node:20\nONBUILD COPY package*.json ./\nONBUILD RUN npm i && npm cache clean --force\n"
    assert fixed(trigger, "DF208") == (
        "FROM node:20\nONBUILD COPY package*.json ./\nONBUILD RUN npm ci && npm cache clean --force\n"
    )
    # a trigger runs on the finished image: a later plain COPY counts too
    later = "FROM node:20\nONBUILD RUN npm install && npm cache clean --force\nCOPY package-lock.json ./\n"
    assert found(later, "DF208") == [(2, "DF208")]
    # a plain RUN before the COPY does not see the lockfile
    before = "FROM node:20\nRUN npm install && npm cache clean --force\nCOPY package-lock.json ./\n"
    assert found(before, "DF208") == []


@pytest.mark.parametrize(
    "run",
    [
        "npm install express@4.19.2",  # adds a package: not what ci does
        "npm install -g pm2@5.4.2",
        "npm install --no-package-lock",
        "npm ci",
        "npm install $NPM_FLAGS",  # may name packages
    ],
)
def test_npm_commands_ci_does_not_replace(run: str) -> None:
    text = _NODE + "COPY package*.json ./\nRUN " + run + " && npm cache clean --force\n"
    assert found(text, "DF208") == []


def test_npm_ci_fix_in_continuations_heredocs_and_sh_c() -> None:
    text = (
        _NODE
        + "COPY package*.json ./\n"
        + "RUN set -eux; \\\n\tnpm --production=false \\\n\t\tinstall; \\\n\tnpm cache clean --force\n"
        + "RUN <<EOF\nset -eux\nnpm i --omit=dev\nnpm cache clean --force\nEOF\n"
        + "RUN sh -c 'npm install && npm cache clean --force'\n"
        + 'RUN npm "install" && npm cache clean --force\n'
    )
    assert found(text, "DF208") == [(5, "DF208"), (10, "DF208"), (13, "DF208"), (14, "DF208")]
    assert fixable(text, "DF208") == [True, True, True, False]  # a quoted word is not rewritten
    assert fixed(text, "DF208") == (
        _NODE
        + "COPY package*.json ./\n"
        + "RUN set -eux; \\\n\tnpm --production=false \\\n\t\tci; \\\n\tnpm cache clean --force\n"
        + "RUN <<EOF\nset -eux\nnpm ci --omit=dev\nnpm cache clean --force\nEOF\n"
        + "RUN sh -c 'npm ci && npm cache clean --force'\n"
        + 'RUN npm "install" && npm cache clean --force\n'
    )


@pytest.mark.parametrize(
    "run",
    [
        "npm ci && npm cache clean --force",
        "npm ci && npm cache clear --force",
        "npm install -g grunt-cli && npm cache clean",  # npm 4 and older clean without --force
        "npm ci && rm -rf ~/.npm",
        "npm ci && rm -rf $HOME/.npm/_cacache",
        "npm ci && rm -rf /root/.npm /tmp/*",
        "--mount=type=cache,target=/root/.npm npm ci",
        "--mount=type=cache,target=/home/app/.npm,uid=1000 npm ci",
        "--mount=type=cache,target=/npm-cache npm ci --cache /npm-cache",
        "npm ci --cache /tmp/npm && rm -rf /tmp/npm",
        "npm ci --cache /dev/shm/npm",  # a tmpfs in every build
        "npm run build",
    ],
)
def test_npm_cache_cleaned_or_kept_out_of_the_layer(run: str) -> None:
    assert found(f"FROM node:20\nRUN {run}\n", "DF208") == []


def test_npm_cache_left_is_reported_once_per_run_only_where_it_ships() -> None:
    text = "FROM node:20\nRUN npm install -g pm2@5.4.2 && npm install -g pnpm@9.1.0\n"
    assert spans(text, "DF208") == ["npm install -g pm2@5.4.2"]
    assert fixable(text, "DF208") == [False]
    assert found("FROM node:20\nRUN npm cache clean --force && npm ci\n", "DF208") == [(2, "DF208")]
    assert found("FROM node:20\nONBUILD RUN npm ci\n", "DF208") == [(2, "DF208")]
    builder = (
        "FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27\nCOPY --from=build /dist /html\n"
    )
    assert found(builder, "DF208") == []


def test_npm_both_problems_in_one_finding() -> None:
    text = _NODE + "COPY package.json package-lock.json ./\nRUN npm install\n"
    [diagnostic] = lint_text(text, "Dockerfile", _settings("DF208")).diagnostics
    assert "`npm ci`" in diagnostic.message and "npm cache clean --force" in diagnostic.message
    assert diagnostic.fix_title == "Replace `install` with `ci`"
    # after the fix, the cache is still reported (without a fix)
    after = fixed(text, "DF208")
    assert after == _NODE + "COPY package.json package-lock.json ./\nRUN npm ci\n"
    [left] = lint_text(after, "Dockerfile", _settings("DF208")).diagnostics
    assert "`npm ci`" in left.message and left.fix is None


# -- DF209 yarn-cache-not-cleaned ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "FROM node:20\nRUN set -eux; \\\n\tyarn install --frozen-lockfile; \\\n\tyarn build\n",
            "FROM node:20\nRUN set -eux; \\\n\tyarn install --frozen-lockfile; \\\n\tyarn build; \\\n"
            "\tyarn cache clean\n",
        ),
        (
            "FROM node:20\nRUN yarn \\\n && yarn build\n",
            "FROM node:20\nRUN yarn \\\n && yarn build \\\n && yarn cache clean\n",
        ),
        (
            "FROM node:20\nRUN cd /app && \\\n    /usr/local/bin/yarn --production\n",
            "FROM node:20\nRUN cd /app && \\\n    /usr/local/bin/yarn --production && \\\n    yarn cache clean\n",
        ),
    ],
)
def test_yarn_cache_fix_continues_the_run_in_its_own_style(text: str, expected: str) -> None:
    assert len(found(text, "DF209")) == 1
    assert fixed(text, "DF209") == expected


@pytest.mark.parametrize(
    "run",
    [
        "yarn install && yarn cache clean",
        "yarn && yarn cache clean --force",
        "sh -c 'yarn install && yarn cache clean'",
        "yarn install && rm -rf /usr/local/share/.cache/yarn",
        "yarn install && rm -rf ~/.cache",  # a directory above ~/.cache/yarn
        "--mount=type=cache,target=/usr/local/share/.cache/yarn yarn install",
        "--mount=type=cache,target=/root/.cache yarn",
        "--mount=type=cache,target=/yarn yarn install --cache-folder /yarn/v6",
        "yarn install --cache-folder /dev/shm/yarn",
        "yarn --version",
        "yarn build",
        "corepack enable && yarn install --immutable",  # Yarn 2+: the cache may be the install
        "YARN_FLAGS=--immutable; yarn install $YARN_FLAGS",  # the variable's value is known
        "yarn add left-pad && yarn global add pm2",  # as in hadolint, only installs
    ],
)
def test_yarn_cache_cleaned_mounted_or_not_yarn_1(run: str) -> None:
    assert found(f"FROM node:20\nRUN {run}\n", "DF209") == []


@pytest.mark.parametrize(
    "run",
    [
        "yarn install $YARN_FLAGS",  # as in hadolint: an unknown value is not taken for an option
        'yarn install --modules-folder "$APP/node_modules"',  # an option's value
        "yarn install --no-cache",  # Yarn 1 has no such option: the cache is written
        "yarn install && rm -rf /tmp/yarn-*",
    ],
)
def test_yarn_cache_left(run: str) -> None:
    assert found(f"FROM node:20\nENV APP=/app\nRUN {run}\n", "DF209") == [(3, "DF209")]


def test_yarn_cache_in_heredocs_triggers_and_shipped_stages_only() -> None:
    heredoc = "FROM node:20\nRUN <<EOF\nset -eux\nyarn install --production\nEOF\n"
    assert found(heredoc, "DF209") == [(4, "DF209")]
    assert fixable(heredoc, "DF209") == [False]
    assert found("FROM node:20\nONBUILD RUN yarn\n", "DF209") == [(2, "DF209")]
    assert found("FROM node:20\nRUN yarn cache clean && yarn install\n", "DF209") == [(2, "DF209")]
    builder = (
        "FROM node:20 AS build\nRUN yarn && yarn build\nFROM nginx:1.27\nCOPY --from=build /dist /html\n"
    )
    assert found(builder, "DF209") == []
    base = "FROM node:20 AS deps\nRUN yarn install\nFROM deps\nRUN yarn build\n"
    assert found(base, "DF209") == [(2, "DF209")]


# -- the declarative language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "command", "matches"),
    [
        ("zypper clean", "zypper --non-interactive cc -a", True),
        ("yum clean all", "sudo yum -y clean all", True),
        ("yum clean all", "yum clean packages", False),
        ("rm -r /var/cache/yum", "rm -Rf /var/cache/yum/", True),
        ("rm -r /var/cache/yum", "rm --recursive --force /var/cache/yum/*", True),
        ("rm -r /var/cache/yum", "rm -rf /var/cache/*", True),
        ("rm -r /var/cache/yum", "rm -rf /var/cache/yum2", False),
        ("rm -r /var/cache/yum", "rm -f /var/cache/yum", False),
        ("rm -r /var/cache/yum", "rm -rf /", False),
        ("rm -r */.cache/yarn", "rm -rf /home/node/.cache", True),
        ("rm -r */.cache/yarn", "rm -rf /home/node/.config", False),
        ("npm cache clean --force", "npm cache clean -f", True),
        ("npm cache clean --force", "npm cache clean", False),
        ("pip install --no-cache-dir=*", "pip install --no-cache-dir=1 x", True),
    ],
)
def test_command_patterns(pattern: str, command: str, matches: bool) -> None:
    parsed = CommandPattern.parse(pattern)
    assert parsed is not None
    model = model_command(command.split())
    assert model is not None
    texts = [o.text for o in model.operands if o.text is not None]
    assert parsed.matches(model, texts) is matches


@pytest.mark.parametrize(
    ("match", "fix", "problem"),
    [
        ({"command": "yum", "bogus": 1}, "none", "unknown match key 'bogus'"),
        ({"command": "yum", "stages": "final"}, "none", "stages must be one of all, shipped"),
        ({"command": "apk", "with-command": [""]}, "none", "with-command: '' is not a command"),
        (
            {"command": "apk", "variables": "guess"},
            "none",
            "variables must be one of may-hold-options, resolve",
        ),
        ({"command": "pip", "unless-wrapped-by": {"uv": 1}}, "none", "takes a string or a list of strings"),
        (
            {"command": "yum", "unless-command": ["yum clean all"], "append-command": "yum makecache"},
            "safe",
            "append-command 'yum makecache' matches no unless-command",
        ),
        (
            {"command": "yum", "append-command": "yum clean all"},
            "safe",
            "append-command 'yum clean all' matches no unless-command",
        ),
        (
            {"command": ["yum", "dnf"], "unless-command": {"zypper": "zypper clean"}},
            "none",
            "unless-command: 'zypper' is not one of command:",
        ),
        (
            {"command": "apt", "replace-command": "apt-get", "add-option": "-y"},
            "safe",
            "more than one fix",
        ),
        (
            {"command": "apt", "replace-command": "apt get"},
            "safe",
            "replace-command must be one command word",
        ),
        ({"command": "apt", "replace-command": {"with": "apt-get", "when": 1}}, "safe", "not 'when'"),
        (
            {"command": "apt", "replace-command": {"with": "apt-get", "unsafe-subcommand": [1]}},
            "sometimes",
            "unsafe-subcommand takes a string or a list of strings",
        ),
        (
            {"command": "apt", "replace-command": "apt-get"},
            "none",
            "a rule with replace-command must declare",
        ),
        ({"command": "yarn", "unless-mounted-option": [1]}, "none", "takes a string or a list of strings"),
        ({"command": "yum", "unless-command": [""]}, "none", "'' is not a command"),
        ([], "none", "a non-empty list of mappings"),
        ([{"command": "apk"}, "apk"], "none", "each block of a match: list must be a mapping"),
        ([{"command": "apk"}, {"subcommand": "add"}], "none", "match needs command:"),
        ([{"command": "apk", "message": 1}], "none", "'message' takes a string"),
        ([{"command": "apk"}, {"command": "apk", "add-option": "--no-cache"}], "none", "must declare"),
        ([{"command": "apk"}, {"command": "apk"}], "safe", "fix: is declared but match has no"),
    ],
)
def test_validate_rejects(match: dict, fix: str, problem: str) -> None:  # type: ignore[type-arg]
    message = validate(match, fix)
    assert message is not None and problem in message


def test_blocks_of_a_match_list_report_each_with_its_own_message() -> None:
    text = "FROM python:3.12\nRUN pip install a && PIP_NO_CACHE_DIR=off pip install b\n"
    settings = Settings(rules=RULES, enabled=frozenset({"DF207"}))
    result = lint_text(text, "Dockerfile", settings)
    assert [(d.start.column, d.message.split("`")[1]) for d in result.diagnostics] == [
        (5, "pip install"),
        (43, "PIP_NO_CACHE_DIR"),
    ]
    outcome = fix_text(text, "Dockerfile", settings, Applicability.SAFE)
    assert outcome.text == (
        "FROM python:3.12\nRUN pip install --no-cache-dir a && PIP_NO_CACHE_DIR=off pip install --no-cache-dir b\n"
    )


def test_validate_accepts_the_per_tool_forms() -> None:
    match = {
        "command": ["yum", "zypper"],
        "subcommand": ["install", ""],
        "unless-command": {"yum": ["yum clean all"], "zypper": "zypper clean"},
        "unless-mount": {"yum": "/var/cache/yum"},
        "append-command": {"yum": "yum clean all", "zypper": "zypper clean --all"},
        "stages": "shipped",
    }
    assert validate(match, "safe") is None
    assert (
        validate({"command": "apt", "replace-command": {"with": "apt-get", "subcommand": "install"}}, "safe")
        is None
    )


def test_a_block_tags_its_findings_with_the_tools_alias() -> None:
    text = "FROM fedora:40\nRUN yum install -y a && dnf install -y b\n"
    settings = Settings(rules=RULES, enabled=frozenset({"DF206"}))
    found = lint_text(text, "Dockerfile", settings).diagnostics
    assert [d.code for d in found] == ["DL3032", "DL3040"]
    silenced = text.replace("RUN", "# hadolint ignore=DL3040\nRUN")
    assert [d.code for d in lint_text(silenced, "Dockerfile", settings).diagnostics] == ["DL3032"]
    match = {"command": ["yum", "dnf"], "code": {"yum": "DL3032", "dnf": "DL9999"}}
    assert "not one of the rule's aliases" in (validate(match, "none", ["DL3032"]) or "")
    assert validate({"command": "yum", "code": "DL3032"}, "none", ["DL3032"]) is None
    assert "code takes one of the rule's aliases" in (validate({"command": "yum", "code": 3}, "none") or "")


# -- variables: resolve, unless-wrapped-by -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a variable of unknown value holds packages, as hadolint reads it
        ("RUN apk add --virtual .rundeps $runDeps", [(2, "DF205")]),
        ('RUN apk add "$PKGS"', [(2, "DF205")]),
        ("RUN apk add $(cat /apk.txt)", [(2, "DF205")]),
        # a word that starts with text cannot be an option
        ("RUN apk add curl=${CURL_VERSION}", [(2, "DF205")]),
        # known values: ENV, an ARG default, an assignment or export earlier in the RUN
        ('ENV APK_OPTS="--no-cache --virtual .x"\nRUN apk add $APK_OPTS curl', []),
        ("ARG APK_OPTS=--no-cache\nRUN apk add ${APK_OPTS} curl", []),
        ('RUN opts="--no-cache"; apk add $opts curl', []),
        ("RUN export OPTS=--no-cache && apk add $OPTS curl", []),
        ("ENV OPTS=--quiet\nRUN apk add $OPTS curl", [(3, "DF205")]),  # known, and not the option
        ("ARG OPTS\nRUN apk add $OPTS curl", [(3, "DF205")]),  # no default: unknown
        # a variable in an option's name may be any option
        ("RUN apk add --$MODE curl", []),
        ("RUN apk add -$FLAGS curl", []),
        # the value of an option is just a value
        ("RUN apk add --repository=$REPO curl", [(2, "DF205")]),
    ],
)
def test_variables_resolve_reads_what_the_file_tells(text: str, expected: list[tuple[int, str]]) -> None:
    assert found(f"FROM alpine:3.20\n{text}\n", "DF205") == expected


def test_the_default_keeps_any_variable_as_a_possible_option() -> None:
    # DF406 (yum -y) has no `variables:` key: the switch may be in the variable
    assert found("FROM centos:7\nRUN yum install $PKGS\n", "DF406") == []
    assert found("FROM centos:7\nRUN yum install gcc\n", "DF406") == [(2, "DF406")]


def test_variables_resolve_in_apt_rules() -> None:
    text = 'FROM debian:12\nENV APT_ARGS="-y --no-install-recommends"\nRUN apt-get install $APT_ARGS curl\n'
    assert found(text, "DF202", "DF212") == []
    text = "FROM debian:12\nRUN apt-get install docker-ce=${DOCKER_VERSION} $BUILD_DEPS\n"
    assert found(text, "DF202", "DF212") == [(2, "DF202"), (2, "DF212")]
    assert fixed(text, "DF202") == (
        "FROM debian:12\nRUN apt-get install --no-install-recommends docker-ce=${DOCKER_VERSION} $BUILD_DEPS\n"
    )
    # a simulation installs nothing and never asks
    assert found('FROM debian:12\nRUN apt-get install -s "postgresql-$PG-jit"\n', "DF202", "DF212") == []


def test_unless_wrapped_by_leaves_uv_pip_alone() -> None:
    text = "FROM python:3.12\nRUN uv pip install --system flask && sudo pip install gunicorn\n"
    assert spans(text, "DF207") == ["pip install gunicorn"]


def test_apk_add_without_no_cache_is_reported_even_when_the_cache_is_removed() -> None:
    text = "FROM alpine:3.20\nRUN apk update && apk add --update curl && rm -rf /var/cache/apk/*\n"
    assert spans(text, "DF205") == ["apk add --update curl"]  # as in hadolint; `apk update` is not reported
    assert fixed(text, "DF205") == (
        "FROM alpine:3.20\nRUN apk update && apk add --no-cache --update curl && rm -rf /var/cache/apk/*\n"
    )
    # the cleanup changes what is said, not whether it is said
    said = [d.message for d in lint_text(text, "Dockerfile", _settings("DF205")).diagnostics]
    assert said == [
        "`apk add` without `--no-cache`: with it, apk keeps no index, and the removal of /var/cache/apk"
        " after it is not needed"
    ]
    plain = "FROM alpine:3.20\nRUN apk add curl && apk add git\n"
    assert [d.message for d in lint_text(plain, "Dockerfile", _settings("DF205")).diagnostics] == [
        "`apk add` without `--no-cache` leaves the package index in /var/cache/apk inside the layer"
    ]  # one finding per RUN, at the first `apk add`
    # --no-network downloads nothing
    assert found("FROM alpine:3.20\nRUN apk add --no-network --virtual .rundeps $runDeps\n", "DF205") == []
