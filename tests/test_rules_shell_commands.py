"""Shell rules about the commands a RUN runs (hadolint parity, issue 7): DF420
cd-instead-of-workdir, DF421 sudo-in-run, DF422 pointless-command, DF425 wget-and-curl,
DF426 ln-to-bin-sh and DF428 extract-copied-archive.

Findings are compared with the exact text they mark; fixed output is compared byte for
byte, and every fixed text must parse, round-trip and settle (fixing it again changes
nothing, and the finding is gone)."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()


def _settings(*rules: str) -> Settings:
    return Settings(rules=RULES, enabled=frozenset(rules))


def marks(text: str, rule: str) -> list[tuple[int, str]]:
    """(line, marked text) of each finding."""
    result = lint_text(text, "Dockerfile", _settings(rule))
    assert not result.internal_errors
    return [(d.start.line, text[d.offset : d.end_offset]) for d in result.diagnostics]


def messages(text: str, rule: str) -> list[str]:
    return [d.message for d in lint_text(text, "Dockerfile", _settings(rule)).diagnostics]


def fixable(text: str, rule: str) -> list[bool]:
    return [d.fix is not None for d in lint_text(text, "Dockerfile", _settings(rule)).diagnostics]


def fixed(text: str, rule: str) -> str:
    """The text after --fix --unsafe-fixes, checked to parse, round-trip and settle."""
    settings = _settings(rule)
    outcome = fix_text(text, "Dockerfile", settings, Applicability.UNSAFE)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    again = fix_text(outcome.text, "Dockerfile", settings, Applicability.UNSAFE)
    assert again.text == outcome.text and not again.fixed
    assert not any(d.fix for d in again.result.diagnostics)
    return outcome.text


# -- DF420 cd-instead-of-workdir: what is reported -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM debian:12\nRUN cd /opt\n", [(2, "cd /opt")]),
        # continuation lines; one finding per RUN, at the first cd
        ("FROM debian:12\nRUN make \\\n    && cd /src \\\n    && cd sub && make\n", [(3, "cd /src")]),
        # `set -eux;` before it, the cd in an `if` or a group: the RUN's own shell moves
        ("FROM debian:12\nRUN set -eux; cd /src; make\n", [(2, "cd /src")]),
        ("FROM debian:12\nRUN if [ -d /src ]; then cd /src; fi; make\n", [(2, "cd /src")]),
        ("FROM debian:12\nRUN { cd /src && make; } && ls\n", [(2, "cd /src")]),
        # a heredoc script is the RUN's own shell
        ("FROM debian:12\nRUN <<EOF\nset -eux\ncd /src\nmake\nEOF\n", [(4, "cd /src")]),
        # ONBUILD triggers are checked like RUN
        ("FROM debian:12\nONBUILD RUN cd /src && make\n", [(2, "cd /src")]),
        # cd with no operand goes home; a variable path
        ("FROM debian:12\nRUN cd && ls\n", [(2, "cd")]),
        ('FROM debian:12\nARG SRC\nRUN cd "$SRC" && make\n', [(3, 'cd "$SRC"')]),
        # an exec-form `sh -c` script is the RUN's own shell
        ('FROM debian:12\nRUN ["sh", "-c", "cd /src && make"]\n', [(2, "cd /src")]),
        # the directory removed is another one
        ("FROM debian:12\nRUN cd /tmp && curl -o x.tgz https://x/x.tgz && rm x.tgz\n", [(2, "cd /tmp")]),
    ],
)
def test_cd_reported(text: str, expected: list[tuple[int, str]]) -> None:
    assert marks(text, "DF420") == expected


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nWORKDIR /src\nRUN make\n",
        # child shells: the cd stays inside
        "FROM debian:12\nRUN (cd /src && make) && make -C /other\n",
        'FROM debian:12\nRUN echo "$(cd /src && pwd)"\n',
        "FROM debian:12\nRUN sh -c 'cd /src && make'\n",
        "FROM debian:12\nRUN build() { cd /src && make; }; build\n",
        "FROM debian:12\nRUN sh <<EOF\ncd /src\nmake\nEOF\n",
        # the subshell also keeps a build directory the RUN removes (hadolint issue #422)
        "FROM debian:12\nRUN git clone https://x/jo.git /tmp/jo \\\n"
        "    && (cd /tmp/jo && make install) \\\n    && rm -rf /tmp/jo\n",
        # `cd` is only a word here
        "FROM debian:12\nRUN echo cd /src\n",
    ],
)
def test_cd_not_reported(text: str) -> None:
    assert marks(text, "DF420") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a build directory the RUN removes: reported like hadolint, at the cd into it
        (
            "FROM debian:12\nRUN git clone https://x/jo.git /tmp/jo \\\n"
            "    && cd /tmp/jo && make install \\\n    && cd / && rm -rf /tmp/jo\n",
            [(3, "cd /tmp/jo")],
        ),
        (
            "FROM debian:12\nRUN mkdir /tmp/b && cd /tmp/b && cmake /src && make && cd .. && rm -rf b\n",
            [(2, "cd /tmp/b")],
        ),
        (
            "FROM debian:12\nARG V\nRUN cd /usr/src/app-${V} && make && rm -rf /usr/src/app-${V}\n",
            [(3, "cd /usr/src/app-${V}")],
        ),
        ("FROM debian:12\nRUN cd /tmp/src/build && make && rm -rf /tmp/src\n", [(2, "cd /tmp/src/build")]),
    ],
)
def test_cd_into_removed_directory_suggests_a_subshell(text: str, expected: list[tuple[int, str]]) -> None:
    # WORKDIR would keep the directory and leave the instructions after it in a removed one:
    # neither the message nor a fix offers it (hadolint issue #422)
    assert marks(text, "DF420") == expected
    assert fixable(text, "DF420") == [False]
    (message,) = messages(text, "DF420")
    assert "removes later" in message and "(cd DIR && ...)" in message
    assert "set the directory with WORKDIR" not in message


def test_cd_removal_must_cover_the_directory() -> None:
    # removing what is in the directory leaves it; a relative rm is resolved where it runs
    for text in (
        "FROM debian:12\nRUN cd /tmp/jo && make && cd / && rm -rf /tmp/jo/*\n",
        "FROM debian:12\nRUN cd /tmp/jo && make && rm -rf jo\n",
    ):
        assert marks(text, "DF420") == [(2, "cd /tmp/jo")]
        assert "set the directory with WORKDIR" in messages(text, "DF420")[0]


# -- DF420: the fix ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one line
        ("FROM debian:12\nRUN cd /src && make\n", "FROM debian:12\nWORKDIR /src\nRUN make\n"),
        # tabs, `&& \` at line ends
        (
            "FROM debian:12\nRUN\tcd /src && \\\n\tmake && \\\n\tmake install\n",
            "FROM debian:12\nWORKDIR /src\nRUN\tmake && \\\n\tmake install\n",
        ),
        # 4-space indent, `&&` at line starts
        (
            "FROM debian:12\nRUN cd /src \\\n    && make \\\n    && make install\n",
            "FROM debian:12\nWORKDIR /src\nRUN make \\\n    && make install\n",
        ),
        # `\` at column 80
        (
            "FROM debian:12\nRUN cd /src &&"
            + " " * 64
            + "\\\n    make &&"
            + " " * 68
            + "\\\n    make install\n",
            "FROM debian:12\nWORKDIR /src\nRUN make &&" + " " * 68 + "\\\n    make install\n",
        ),
        # the RUN's indentation and casing, and a comment above it stays above
        (
            "FROM debian:12 AS app\n  # build\n  run cd /src && make\n",
            "FROM debian:12 AS app\n  # build\n  workdir /src\n  run make\n",
        ),
        # CRLF line ends, the backtick escape
        (
            "FROM debian:12\r\nRUN cd /src && \\\r\n    make\r\n",
            "FROM debian:12\r\nWORKDIR /src\r\nRUN make\r\n",
        ),
        (
            "# escape=`\nFROM debian:12\nRUN cd /src && `\n    make\n",
            "# escape=`\nFROM debian:12\nWORKDIR /src\nRUN make\n",
        ),
        # flags stay on the RUN
        (
            "FROM debian:12\nRUN --mount=type=cache,target=/root/.cache cd /src && make\n",
            "FROM debian:12\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.cache make\n",
        ),
        # a heredoc script
        (
            "FROM debian:12\nRUN <<EOF\ncd /src && make\nEOF\n",
            "FROM debian:12\nWORKDIR /src\nRUN <<EOF\nmake\nEOF\n",
        ),
        # ONBUILD
        (
            "FROM debian:12\nONBUILD RUN cd /src && make\n",
            "FROM debian:12\nONBUILD WORKDIR /src\nONBUILD RUN make\n",
        ),
        # a relative path under a known WORKDIR is made absolute; `..` is resolved
        (
            "FROM debian:12\nWORKDIR /app\nRUN cd ../src/build && make\n",
            "FROM debian:12\nWORKDIR /app\nWORKDIR /src/build\nRUN make\n",
        ),
        # a variable ENV makes an absolute path, quoted or not
        (
            'FROM golang:1.23\nENV SRC=/go/src\nRUN cd "${SRC}/app" && go build\n',
            "FROM golang:1.23\nENV SRC=/go/src\nWORKDIR ${SRC}/app\nRUN go build\n",
        ),
    ],
)
def test_cd_fix(text: str, expected: str) -> None:
    assert fixed(text, "DF420") == expected


@pytest.mark.parametrize(
    "text",
    [
        # not the first command, or not followed by &&
        "FROM debian:12\nRUN set -eux; cd /src; make\n",
        "FROM debian:12\nRUN cd /src; \\\n    make\n",
        "FROM debian:12\nRUN make && cd /src && make install\n",
        "FROM debian:12\nRUN cd /src\n",
        "FROM debian:12\nRUN cd /src || exit 1\n",
        "FROM debian:12\nRUN cd /src && if true; then make; fi\n",
        'FROM debian:12\nRUN ["sh", "-c", "cd /src && make"]\n',
        # a comment line would be lost
        "FROM debian:12\nRUN cd /src && \\\n# build it\n    make\n",
        # the RUN goes back
        "FROM debian:12\nRUN cd /src && make && cd - && ls\n",
        'FROM debian:12\nRUN cd /src && make && cd "$OLDPWD"\n',
        # directories WORKDIR cannot say the same way
        "FROM debian:12\nRUN cd -P /src && make\n",
        "FROM debian:12\nRUN cd ~/src && make\n",
        "FROM debian:12\nRUN cd '/opt/my app' && make\n",
        "FROM debian:12\nRUN cd build && make\n",  # the base image's WORKDIR is not known
        "FROM debian:12\nARG SRC\nRUN cd $SRC && make\n",  # only the build knows SRC
        "FROM debian:12\nENV SRC=src\nRUN cd $SRC && make\n",  # relative
        "FROM debian:12\nRUN cd $HOME/src && make\n",  # the base image's environment
        "FROM debian:12\nENV SRC=/src\nONBUILD RUN cd $SRC && make\n",  # expanded downstream
    ],
)
def test_cd_reported_without_fix(text: str) -> None:
    assert fixable(text, "DF420") == [False]
    assert fixed(text, "DF420") == text


def test_cd_fix_in_builder_stage_needs_an_absolute_path() -> None:
    text = "FROM debian:12 AS build\nWORKDIR /w\nRUN cd src && make\nRUN cd /src && make\nFROM scratch\n"
    assert fixable(text, "DF420") == [False, True]


# -- DF421 sudo-in-run -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every sudo, at its word
        (
            "FROM ubuntu:24.04\nRUN sudo apt-get update && \\\n    sudo apt-get install -y curl\n",
            [(2, "sudo"), (3, "sudo")],
        ),
        # wrapped, nested, in a heredoc script, after set -eux, in a trigger
        ("FROM ubuntu:24.04\nRUN env DEBIAN_FRONTEND=noninteractive sudo -E make install\n", [(2, "sudo")]),
        ("FROM ubuntu:24.04\nRUN sh -c 'set -e; sudo ls /root'\n", [(2, "sudo")]),
        ("FROM ubuntu:24.04\nRUN <<EOF\nset -eux\nsudo mkdir /x\nEOF\n", [(4, "sudo")]),
        ("FROM ubuntu:24.04\nONBUILD RUN sudo ls\n", [(2, "sudo")]),
        ('FROM ubuntu:24.04\nRUN ["/usr/bin/sudo", "ls"]\n', [(2, '"/usr/bin/sudo"')]),
        ("FROM ubuntu:24.04\nRUN sudo -l\n", [(2, "sudo")]),
        # what hadolint misses: sudo by its path, run by xargs
        ("FROM ubuntu:24.04\nRUN /usr/bin/sudo -u www-data ./build.py\n", [(2, "/usr/bin/sudo")]),
        ("FROM fedora:40\nRUN ls /rpms/*.rpm | xargs -L 1 -- sudo -- dnf install -y\n", [(2, "sudo")]),
    ],
)
def test_sudo_reported(text: str, expected: list[tuple[int, str]]) -> None:
    assert marks(text, "DF421") == expected


@pytest.mark.parametrize(
    "text",
    [
        "FROM ubuntu:24.04\nRUN apt-get install -y sudo && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app\n",
        "FROM ubuntu:24.04\nRUN command -v sudo || echo none\n",
        "FROM ubuntu:24.04\nRUN gosu nobody true\n",
        'FROM ubuntu:24.04\nCMD ["sudo", "-u", "app", "server"]\n',
    ],
)
def test_sudo_not_reported(text: str) -> None:
    assert marks(text, "DF421") == []


# -- DF422 pointless-command -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM debian:12\nRUN top\n", [(2, "top")]),
        ("FROM debian:12\nRUN ps aux | grep x && free -m\n", [(2, "ps"), (2, "free")]),
        ("FROM debian:12\nRUN ifconfig\n", [(2, "ifconfig")]),  # hadolint's check misses it
        ("FROM debian:12\nRUN mount -t tmpfs none /mnt\n", [(2, "mount")]),
        ("FROM debian:12\nRUN shutdown -h now\n", [(2, "shutdown")]),
        ("FROM debian:12\nRUN vim /etc/hosts\n", [(2, "vim")]),
        ("FROM debian:12\nRUN ssh git@github.com\n", [(2, "ssh")]),
        ("FROM debian:12\nRUN kill 1\n", [(2, "kill")]),
        # a daemon started and nothing uses it, or stopped without being started
        ("FROM debian:12\nRUN apt-get install -y nginx && \\\n    service nginx start\n", [(3, "service")]),
        ("FROM debian:12\nRUN service nginx restart && echo done\n", [(2, "service")]),
        # file commands after the start do not talk to the daemon
        (
            "FROM debian:12\nRUN service apache2 restart && chown -R www-data /var/www && \\\n"
            "    chmod 755 /var/www && rm -rf /tmp/x && mkdir -p /run/app && sed -i s/a/b/ /etc/x\n",
            [(2, "service")],
        ),
        ("FROM debian:12\nRUN service postgresql stop\n", [(2, "service")]),
        ("FROM debian:12\nRUN /etc/init.d/ssh start\n", [(2, "/etc/init.d/ssh")]),
        # seen through wrappers and into nested scripts, heredocs and triggers
        ("FROM debian:12\nRUN sudo service ssh start\n", [(2, "service")]),
        ("FROM debian:12\nRUN set -eux; sh -c 'top -b -n 1'\n", [(2, "top")]),
        ("FROM debian:12\nRUN <<EOF\nset -eux\nps -ef\nEOF\n", [(4, "ps")]),
        ("FROM debian:12\nONBUILD RUN top\n", [(2, "top")]),
        ('FROM debian:12\nRUN ["top", "-b", "-n", "1"]\n', [(2, '"top"')]),
    ],
)
def test_pointless_reported(text: str, expected: list[tuple[int, str]]) -> None:
    assert marks(text, "DF422") == expected


@pytest.mark.parametrize(
    "text",
    [
        # packages and words, not commands
        "FROM debian:12\nRUN apt-get install -y vim openssh-client procps && echo top\n",
        "FROM debian:12\nRUN command -v ps && which kill\n",
        # the RUN uses the daemon it starts, then stops it
        "FROM debian:12\nRUN service postgresql start && \\\n"
        "    su postgres -c 'createdb app' && \\\n    service postgresql stop\n",
        "FROM debian:12\nRUN /etc/init.d/mysql start && mysql -e 'select 1'\n",
        "FROM debian:12\nRUN sh -c \"service mysql start; echo 'create database x' | mysql\"\n",
        "FROM debian:12\nRUN service ssh start && ssh -o StrictHostKeyChecking=no localhost true\n",
        # a process the RUN sent to the background
        "FROM debian:12\nRUN mysqld & pid=$!; sleep 5 && mysqladmin ping; kill $pid\n",
        # ssh with the agent mounted; vim as a script
        "FROM debian:12\nRUN --mount=type=ssh ssh -T git@github.com || true\n",
        "FROM debian:12\nRUN vim +PlugInstall +qall && vim -E -s -c 'helptags ALL' -c q\n",
    ],
)
def test_pointless_not_reported(text: str) -> None:
    assert marks(text, "DF422") == []


def test_pointless_and_service_in_run_never_report_the_same_run() -> None:
    """DF307 reports servers run directly; DF422 `service` and the rest."""
    service = "FROM debian:12\nRUN service nginx start\n"
    server = "FROM nginx:1.27\nRUN nginx -g 'daemon off;'\n"
    assert (marks(service, "DF422"), marks(service, "DF307")) == ([(2, "service")], [])
    assert marks(server, "DF422") == []
    assert [line for line, _ in marks(server, "DF307")] == [2]


# -- DF425 wget-and-curl -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # once both were used, each use of either, as hadolint reports each RUN
        (
            "FROM debian:12\nRUN wget -q https://x/a\nRUN curl -fsSLO https://x/b\nRUN wget -q https://x/c\n"
            "RUN curl -fsSLO https://x/d\n",
            [(3, "curl"), (4, "wget"), (5, "curl")],
        ),
        ("FROM debian:12\nRUN curl -fsSLO https://x/a && \\\n    wget -q https://x/b\n", [(3, "wget")]),
        (
            "FROM debian:12\nRUN curl -fsSLO https://x/a && \\\n    wget -q https://x/b && \\\n"
            "    curl -fsSLO https://x/c\nRUN true\nRUN curl -fsSLO https://x/d\n",
            [(3, "wget"), (4, "curl"), (6, "curl")],
        ),
        # a stage built FROM another holds its layers
        (
            "FROM debian:12 AS base\nRUN curl -fsSLO https://x/a\nFROM base\nRUN wget -q https://x/b\n",
            [(4, "wget")],
        ),
        # wrappers, nested scripts, exec form
        (
            'FROM debian:12\nRUN ["wget", "https://x/a"]\nRUN sh -c \'sudo curl -fsSLO https://x/b\'\n',
            [(3, "curl")],
        ),
        # a trigger runs after the whole image
        ("FROM debian:12\nONBUILD RUN curl -fsSLO https://x/a\nRUN wget -q https://x/b\n", [(2, "curl")]),
        (
            "FROM debian:12\nONBUILD RUN wget -q https://x/a\nONBUILD RUN curl -fsSLO https://x/b\n",
            [(3, "curl")],
        ),
    ],
)
def test_wget_and_curl_reported(text: str, expected: list[tuple[int, str]]) -> None:
    assert marks(text, "DF425") == expected


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y curl wget && curl -fsSLO https://x/a\n",
        "FROM debian:12\nRUN command -v wget || curl -fsSLO https://x/a\n",
        "FROM debian:12 AS fetch\nRUN wget -q https://x/a\nFROM debian:12\nRUN curl -fsSLO https://x/b\n",
        "FROM debian:12\nRUN curl -fsSLO https://x/a\nHEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1\n",
    ],
)
def test_wget_and_curl_not_reported(text: str) -> None:
    assert marks(text, "DF425") == []


def test_wget_and_curl_message_names_the_first_use() -> None:
    [message] = messages(
        "FROM debian:12\nRUN true\nRUN wget -q https://x/a\nRUN curl -O https://x/b\n", "DF425"
    )
    assert message.startswith("`curl` downloads here, but this image already uses `wget` (line 3)")
    # a later use of the first tool names the first use of the other one
    found = messages(
        "FROM debian:12\nRUN wget -q https://x/a\nRUN curl -O https://x/b\nRUN wget -q https://x/c\n", "DF425"
    )
    assert [m.split(":")[0] for m in found] == [
        "`curl` downloads here, but this image already uses `wget` (line 2)",
        "`wget` downloads here, but this image already uses `curl` (line 3)",
    ]


# -- DF426 ln-to-bin-sh ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM debian:12\nRUN ln -sfv /bin/bash /bin/sh\n", [(2, "/bin/sh")]),
        ("FROM debian:12\nRUN rm /bin/sh && \\\n    ln -s bash /bin/sh\n", [(3, "/bin/sh")]),
        ("FROM debian:12\nRUN ln -sf bash /usr/bin/sh\n", [(2, "/usr/bin/sh")]),
        ("FROM debian:12\nRUN ln -sf /bin/bash //bin/./sh\n", [(2, "//bin/./sh")]),
        # into /bin, named sh
        ("FROM debian:12\nRUN ln -sf /opt/busybox/sh /bin/\n", [(2, "/bin/")]),
        ("FROM debian:12\nRUN ln -s -t /usr/bin /opt/x/sh\n", [(2, "/usr/bin")]),
        # wrappers, nested scripts, heredocs, exec form, triggers
        ("FROM debian:12\nRUN sudo ln -s -f bash /bin/sh\n", [(2, "/bin/sh")]),
        ("FROM debian:12\nRUN sh -c 'ln -sf dash /bin/sh'\n", [(2, "/bin/sh")]),
        ("FROM debian:12\nRUN <<EOF\nset -eux\nln -sf bash /bin/sh\nEOF\n", [(4, "/bin/sh")]),
        ('FROM debian:12\nRUN ["ln", "-sf", "/bin/bash", "/bin/sh"]\n', [(2, '"/bin/sh"')]),
        ("FROM debian:12\nONBUILD RUN ln -sf /bin/bash /bin/sh\n", [(2, "/bin/sh")]),
    ],
)
def test_ln_to_bin_sh_reported(text: str, expected: list[tuple[int, str]]) -> None:
    assert marks(text, "DF426") == expected


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/sh\n",
        "FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl\n",
        "FROM debian:12\nRUN ln -s foo bar && something_with /bin/sh\n",
        "FROM debian:12\nRUN ln -sf /bin/bash /bin/\n",  # makes /bin/bash
        "FROM debian:12\nRUN ln -sfT /opt/sh /bin\n",  # makes /bin itself
        "FROM debian:12\nRUN ln -sf /bin/bash /opt/bin/sh\n",
        'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN echo ok\n',
    ],
)
def test_ln_to_bin_sh_not_reported(text: str) -> None:
    assert marks(text, "DF426") == []


# -- DF428 extract-copied-archive --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a directory destination, a file destination, either when it is not known which
        ("FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz\n", [(2, "app.tar.gz")]),
        ("FROM debian:12\nCOPY dist/app.tgz /a.tgz\nRUN tar -xzf /a.tgz\n", [(2, "dist/app.tgz")]),
        ("FROM debian:12\nCOPY app.tar /srv\nRUN tar -xf /srv/app.tar\n", [(2, "app.tar")]),
        ("FROM debian:12\nCOPY app.tar /srv\nRUN tar -xf /srv\n", [(2, "app.tar")]),
        # WORKDIR and cd resolve the RUN's relative path; continuation lines
        (
            "FROM debian:12\nCOPY app.zip /srv/\nWORKDIR /srv\nRUN unzip \\\n    app.zip\n",
            [(2, "app.zip")],
        ),
        (
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN set -eux; cd /tmp; tar -xzf app.tar.gz\n",
            [(2, "app.tar.gz")],
        ),
        # nested and heredoc scripts; exec-form COPY; gunzip of a copied file
        (
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN sh -c 'tar -xzf /tmp/app.tar.gz'\n",
            [(2, "app.tar.gz")],
        ),
        (
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN <<EOF\ntar -xzf /tmp/app.tar.gz\nEOF\n",
            [(2, "app.tar.gz")],
        ),
        (
            'FROM debian:12\nCOPY ["app.tar.gz", "/tmp/"]\nRUN tar -xzf /tmp/app.tar.gz\n',
            [(2, '"app.tar.gz"')],
        ),
        ("FROM debian:12\nCOPY data.json.gz /d/\nRUN gunzip /d/data.json.gz\n", [(2, "data.json.gz")]),
        # extractions hadolint does not recognise: tar's old-style options, `xz -d`
        (
            "FROM debian:12\nCOPY src.tar.bz2 /usr/src/\nRUN cd /usr/src && tar xjf src.tar.bz2\n",
            [(2, "src.tar.bz2")],
        ),
        ("FROM debian:12\nCOPY data.json.xz /data.json.xz\nRUN xz -d /data.json.xz\n", [(2, "data.json.xz")]),
        # globs on either side
        ("FROM debian:12\nCOPY *.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz\n", [(2, "*.tar.gz")]),
        ("FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/*.tar.gz\n", [(2, "app.tar.gz")]),
        # ONBUILD COPY, then ONBUILD RUN
        (
            "FROM debian:12\nONBUILD COPY app.tar.gz /tmp/\nONBUILD RUN tar -xzf /tmp/app.tar.gz\n",
            [(2, "app.tar.gz")],
        ),
        # a destination only the build knows: matched by file name, as hadolint does
        (
            "FROM debian:12\nARG D\nCOPY app.tar.gz $D/\nRUN cd $D && tar -xzf app.tar.gz\n",
            [(3, "app.tar.gz")],
        ),
        # the extraction is in a stage built FROM the one that copies
        (
            "FROM debian:12 AS base\nCOPY app.tar.gz /tmp/\nFROM base\nRUN tar -xzf /tmp/app.tar.gz\n",
            [(2, "app.tar.gz")],
        ),
    ],
)
def test_extract_copied_archive_reported(text: str, expected: list[tuple[int, str]]) -> None:
    assert marks(text, "DF428") == expected


@pytest.mark.parametrize(
    "text",
    [
        # another file of the same name
        "FROM debian:12\nCOPY app.tar.gz /a/\nRUN tar -xzf /b/app.tar.gz\n",
        "FROM debian:12\nCOPY app.tar.gz /a/\nWORKDIR /b\nRUN tar -xzf app.tar.gz\n",
        # removed or replaced before the extraction
        "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN rm /tmp/app.tar.gz\nRUN tar -xzf /tmp/app.tar.gz\n",
        "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN curl -o /tmp/app.tar.gz https://x/app.tar.gz && tar -xzf /tmp/app.tar.gz\n",
        # a cache mount hides the copied file
        "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN --mount=type=cache,target=/tmp tar -xzf /tmp/app.tar.gz\n",
        # a builder stage's layers do not ship
        "FROM debian:12 AS build\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz\nFROM scratch\n",
        # not a COPY of a local archive
        "FROM debian:12\nCOPY --from=build /out/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz\n",
        "FROM debian:12\nADD app.zip /tmp/\nRUN unzip /tmp/app.zip\n",
        "FROM debian:12\nCOPY package.json /app/\nRUN cd /app && npm ci\n",
        # copied, not extracted: read by something else, or created by tar -c
        "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -tzf /tmp/app.tar.gz\n",
        "FROM debian:12\nCOPY app.deb /tmp/\nRUN dpkg -i /tmp/app.deb\n",
    ],
)
def test_extract_copied_archive_not_reported(text: str) -> None:
    assert marks(text, "DF428") == []


def test_extract_copied_archive_suggests_add_only_for_tar() -> None:
    [tar] = messages("FROM debian:12\nCOPY a.tar.xz /tmp/\nRUN tar -xJf /tmp/a.tar.xz\n", "DF428")
    [zip_] = messages("FROM debian:12\nCOPY a.zip /tmp/\nRUN unzip /tmp/a.zip\n", "DF428")
    assert "use ADD" in tar and "line 3" in tar
    assert "ADD" not in zip_ and "bind mount" in zip_
