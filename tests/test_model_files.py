"""What instructions do to files (dflint.model.files): locations and their matching,
the effects of RUN commands (working directory, certainty, mounts), what COPY and ADD
write, the timelines of the shipped image and the fates of writes."""

from __future__ import annotations

import pytest

import dflint
from dflint.model.files import (
    Location,
    absolute,
    covers,
    is_file_name,
    may_cover,
    may_overlap,
    timelines,
    url_file_name,
)
from dflint.model.stages import Model
from dflint.syntax import cst


def files_of(text: str):  # type: ignore[no-untyped-def]
    return timelines(Model(dflint.parse(text)))


def effects(text: str, index: int = -1, *, kinds: tuple[str, ...] = ("write", "remove", "extract", "change")):
    """(kind, how, location, certain) of each effect of the index-th RUN/COPY/ADD/WORKDIR
    step of the shipped image."""
    steps = files_of(text).sequences[0]
    return [
        (e.kind, e.how, str(e.location) if e.location else None, e.certain)
        for e in steps[index].effects
        if e.kind in kinds
    ]


def run(script: str, workdir: str = "/w") -> list[tuple[str, str, str | None, bool]]:
    return effects(f"FROM scratch\nWORKDIR {workdir}\nRUN {script}\n")


def loc(path: str) -> Location:
    found = absolute(path)
    assert found is not None
    return found


# -- locations ---------------------------------------------------------------------------


def test_locations_normalise() -> None:
    assert str(loc("/a/./b//c/../d/")) == "/a/b/d"
    assert str(loc("/..")) == "/"
    assert loc("/a/*.gz").glob and not loc("/a/b").glob
    unknown = Location("cwd#1")
    assert unknown.join("../x") is None  # above a directory dflint cannot name
    assert str(unknown.join("x/y")) == "./x/y"
    assert loc("/a/b/c").relative_to(loc("/a")) == "b/c"
    assert loc("/a").relative_to(loc("/a")) == "."
    assert loc("/ab").relative_to(loc("/a")) is None


@pytest.mark.parametrize(
    ("removed", "path", "recursive", "expected"),
    [
        ("/tmp/a.tgz", "/tmp/a.tgz", False, True),
        ("/tmp", "/tmp/a.tgz", True, True),
        ("/tmp", "/tmp/a.tgz", False, False),  # rm without -r fails on a directory
        ("/tmp/*", "/tmp/a.tgz", False, True),
        ("/tmp/*", "/tmp/src/a.c", True, True),
        ("/tmp/*", "/tmp/src/a.c", False, False),
        ("/tmp/*.tgz", "/tmp/a.tar.gz", True, False),
        ("/tmp/*", "/tmp/.hidden", True, False),  # a wildcard does not match a leading dot
        ("/tmp/.*", "/tmp/.hidden", True, True),
        ("/tmp/a/b", "/tmp/a", True, False),  # a part of it only
        ("/tmp/[ab].tgz", "/tmp/b.tgz", False, True),
    ],
)
def test_covers(removed: str, path: str, recursive: bool, expected: bool) -> None:
    assert covers(loc(removed), loc(path), recursive) is expected


def test_may_cover_and_overlap_across_unknown_directories() -> None:
    somewhere = Location("cwd#7")
    archive = loc("/tmp/a.tgz")
    assert may_cover(None, archive)  # an unknown removal may remove anything
    assert may_cover(somewhere.join("a.tgz"), archive)  # if the directory is /tmp
    assert may_cover(somewhere.join("tmp"), archive)
    assert not may_cover(somewhere.join("node_modules"), archive)
    assert may_cover(loc("/tmp"), somewhere.join("x"))  # /tmp may hold the unknown directory
    assert not may_cover(loc("/tmp/a.tgz/x"), archive)
    # a removal inside a directory may be of everything an extraction put there
    assert may_overlap(loc("/tmp/src-1.0"), loc("/tmp"))
    assert may_overlap(loc("/tmp/icu*"), loc("/tmp"))
    assert not may_overlap(loc("/opt/x"), loc("/tmp"))


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://example.com/dl/app-1.2.tar.gz", "app-1.2.tar.gz"),
        ("example.com/app.zip", "app.zip"),
        ("https://example.com/app.tgz?raw=1", None),  # wget keeps the query in the name
        ("https://example.com/dl/", None),
        ("https://example.com/a%20b.tgz", None),
        ("https://example.com/app-[1-3].tgz", None),  # a curl glob
    ],
)
def test_url_file_name(url: str, name: str | None) -> None:
    assert url_file_name(url) == name


def test_file_names() -> None:
    assert is_file_name("entrypoint.sh") and is_file_name("app-1.0.TAR.GZ")
    assert not is_file_name("conf.d") and not is_file_name(".ssh") and not is_file_name("node-v18.0.0")
    assert not is_file_name("bin")


# -- RUN: what commands write and remove ---------------------------------------------------


def test_downloads() -> None:
    assert run("curl -fsSLo /tmp/a.tgz https://x.org/a.tgz") == [("write", "download", "/tmp/a.tgz", True)]
    assert run("curl -fsSLO https://x.org/dl/a.tgz") == [("write", "download", "/w/a.tgz", True)]
    assert run("curl -o a -o b https://x/1 https://x/2") == [
        ("write", "download", "/w/a", True),
        ("write", "download", "/w/b", True),
    ]
    assert run("curl --output-dir /dl -O https://x/a.zip") == [("write", "download", "/dl/a.zip", True)]
    assert run("curl -fsSL https://x/a.tgz | tar -xz -C /opt") == [("write", "extract", "/opt", True)]
    assert run("curl -OJ https://x/a.tgz") == []  # the server names the file
    assert run("curl -o - https://x/a") == []
    assert run("curl -fsSL https://x/a.tgz > /tmp/a.tgz") == [("write", "download", "/tmp/a.tgz", True)]
    assert run("wget -qO- https://x/a.tgz > a.tgz 2> /tmp/err") == [
        ("write", "download", "/w/a.tgz", True),
        ("write", "redirect", "/tmp/err", True),
    ]
    assert run("wget https://x.org/a.zip") == [("write", "download", "/w/a.zip", True)]
    assert run("wget -P /dl https://x.org/a.zip") == [("write", "download", "/dl/a.zip", True)]
    assert run("wget -qO /tmp/a.zip https://x.org/a") == [("write", "download", "/tmp/a.zip", True)]
    assert run("wget -qO- https://x.org/a | sh") == []
    assert run("wget -r https://x.org/a.zip") == []  # names under host directories
    assert run('curl -o "/tmp/$NAME" https://x/a') == []  # nowhere dflint can name
    assert run("curl -fsSLo/tmp/a.tgz https://x/a.tgz") == [("write", "download", "/tmp/a.tgz", True)]


def test_archives_and_clones() -> None:
    assert run("tar -xzf /tmp/a.tgz -C /opt") == [
        ("extract", "tar", "/tmp/a.tgz", True),
        ("write", "extract", "/opt", True),
    ]
    assert run("tar xjf a.tar.bz2") == [
        ("extract", "tar", "/w/a.tar.bz2", True),
        ("write", "extract", "/w", True),
    ]
    assert run("tar -czf /tmp/out.tgz /app") == [("write", "archive", "/tmp/out.tgz", True)]
    assert run("unzip -q a.zip -d /opt") == [
        ("extract", "unzip", "/w/a.zip", True),
        ("write", "extract", "/opt", True),
    ]
    assert run("unzip -l a.zip") == []
    assert run("gunzip /tmp/a.tar.gz") == [
        ("extract", "decompress", "/tmp/a.tar.gz", True),
        ("remove", "decompress", "/tmp/a.tar.gz", True),
        ("write", "decompress", "/tmp/a.tar", True),
    ]
    assert run("gunzip -c /tmp/a.gz > /tmp/a") == [
        ("write", "redirect", "/tmp/a", True),
        ("extract", "decompress", "/tmp/a.gz", True),
    ]
    assert run("git clone --depth 1 https://github.com/o/tool.git") == [("write", "clone", "/w/tool", True)]
    assert run("git clone -b v1 https://github.com/o/tool.git /src/t") == [("write", "clone", "/src/t", True)]
    assert run("git -C /src clone git@github.com:o/tool.git") == [("write", "clone", "/src/tool", True)]
    assert run("git clone --bare https://x/o/tool") == [("write", "clone", "/w/tool.git", True)]


def test_copies_removals_and_redirects() -> None:
    assert run("cp -r /a /b /dest") == [("write", "copy", "/dest", True)]
    assert run("cp -t /dest /a /b") == [("write", "copy", "/dest", True)]
    assert run("mv /tmp/x /usr/bin/") == [
        ("remove", "mv", "/tmp/x", True),
        ("write", "move", "/usr/bin", True),
    ]
    assert run("rm -rf /tmp/* ~/.cache") == [
        ("remove", "rm", "/tmp/*", True),
        ("remove", "rm", "~/.cache", True),
    ]
    assert run('rm -f "$F"') == [("remove", "rm", None, True)]
    assert run("find /tmp -name '*.tgz' -delete") == [("remove", "unknown", None, True)]
    assert run("ls /tmp/*.tgz | xargs rm") == [("remove", "unknown", None, True)]
    assert run('"$TOOL" /tmp') == [("remove", "unknown", None, True)]
    assert run("rm -rf '/tmp/*'") == [("remove", "rm", None, True)]  # a quoted wildcard is not a glob
    assert run("rm -rf /tmp/{a,b}") == [("remove", "rm", None, True)]  # brace expansion
    assert run("echo x > /etc/motd 2>/dev/null >> /var/log/x") == [
        ("write", "redirect", "/etc/motd", True),
        ("write", "append", "/var/log/x", True),
    ]
    assert run("make 2>&1 | tee /tmp/build.log") == [("write", "redirect", "/tmp/build.log", True)]
    assert run("mkdir -p /a/b && chmod -R 755 /a") == [
        ("write", "mkdir", "/a/b", True),
        ("change", "chmod", "/a", True),
    ]
    assert run("sed -i.bak -e 's/a/b/' /etc/x.conf") == [
        ("write", "modify", "/w/s/a/b", True),
        ("write", "modify", "/etc/x.conf", True),
    ]
    assert run("chown app:app /a /b") == [("change", "chown", "/a", True), ("change", "chown", "/b", True)]


# -- RUN: working directory, certainty, mounts ---------------------------------------------


def test_cd_is_followed_where_it_certainly_applies() -> None:
    assert run("cd /tmp && wget https://x/a.zip && cd src && rm -f ../a.zip") == [
        ("write", "download", "/tmp/a.zip", True),
        ("remove", "rm", "/tmp/a.zip", True),
    ]
    # `cd $DIR` goes somewhere dflint cannot name
    [(_, _, where, _)] = run("cd $DIR && wget https://x/a.zip")
    assert where == "./a.zip"
    # a cd in a subshell or sh -c moves that child only
    assert run("(cd /tmp) && wget https://x/a.zip") == [("write", "download", "/w/a.zip", True)]
    assert run("sh -c 'cd /tmp && wget https://x/a.zip' && wget https://x/b.zip") == [
        ("write", "download", "/tmp/a.zip", True),
        ("write", "download", "/w/b.zip", True),
    ]
    # a cd that may or may not run leaves the directory unknown
    [(_, _, where, _)] = run("if [ -d /tmp ]; then cd /tmp; fi; wget https://x/a.zip")
    assert where is not None and where.startswith("./")
    [(_, _, where, _)] = run("cd && wget https://x/a.zip")
    assert where == "~/a.zip"


def test_workdir_and_its_variables() -> None:
    text = "FROM scratch\nENV APP=/srv/app\nWORKDIR $APP\nWORKDIR sub\nRUN wget https://x/a.zip\n"
    assert effects(text) == [("write", "download", "/srv/app/sub/a.zip", True)]
    # a variable from the base image's ENV, which dflint cannot see
    text = "FROM debian:12\nWORKDIR $HOME\nRUN wget https://x/a.zip\n"
    [(_, _, where, _)] = effects(text)
    assert where is not None and where.startswith("./")
    # an image's own WORKDIR is one unknown directory for every instruction of the stage
    text = "FROM debian:12\nRUN wget https://x/a.zip\nRUN rm a.zip\n"
    assert effects(text, 0)[0][2] == effects(text, 1)[0][2]


@pytest.mark.parametrize(
    ("script", "certain"),
    [
        ("rm -f /tmp/a", [True]),
        ("set -eux; a; rm -f /tmp/a", [True]),
        ("a || rm -f /tmp/a", [False]),
        ("a || true && rm -f /tmp/a", [True]),
        ("a || b && rm -f /tmp/a", [False]),
        ("a || b; rm -f /tmp/a", [True]),
        ("if a; then rm -f /tmp/a; fi", [False]),
        ("for f in x; do rm -f /tmp/a; done", [False]),
        ("rm -f /tmp/a &", [False]),
        ("{ a; rm -f /tmp/a; }", [True]),
        ("a || { b; rm -f /tmp/a; }", [False]),
        ("sh -c 'a && rm -f /tmp/a'", [True]),
        ("a || sh -c 'rm -f /tmp/a'", [False]),
        ("echo $(rm -f /tmp/a)", [False]),
        ("exit 0; rm -f /tmp/a", [False]),
        ("a || exit 1; rm -f /tmp/a", [True]),
        ("f() { rm -f /tmp/a; }; f", [False]),
    ],
)
def test_certainty(script: str, certain: list[bool]) -> None:
    assert [e[3] for e in run(script)] == certain


def test_heredoc_script() -> None:
    text = "FROM scratch\nRUN <<EOF\nset -e\ncd /tmp\nwget https://x/a.zip\nEOF\n"
    assert effects(text) == [("write", "download", "/tmp/a.zip", True)]


def test_mounts() -> None:
    text = "FROM scratch\nRUN --mount=type=cache,target=/tmp wget -P /tmp https://x/a.zip && wget -P /opt https://x/b.zip\n"
    assert effects(text) == [("write", "download", "/opt/b.zip", True)]
    # with a mount, a path under an unknown directory may be in it
    text = "FROM debian:12\nRUN --mount=type=tmpfs,target=/tmp wget https://x/a.zip\n"
    assert [e[3] for e in effects(text)] == [False]
    text = "FROM scratch\nRUN --mount=type=cache,target=$DIR wget -P /opt https://x/b.zip\n"
    assert [e[3] for e in effects(text)] == [False]
    text = "FROM scratch\nRUN --mount=type=ssh --mount=type=secret,id=npmrc wget -P /opt https://x/b.zip\n"
    assert [e[3] for e in effects(text)] == [True]


def test_volumes_and_files_buildkit_mounts() -> None:
    text = "FROM scratch\nVOLUME /data\nRUN wget -P /data https://x/a.zip && wget -P /opt https://x/b.zip\n"
    assert effects(text) == [("write", "download", "/opt/b.zip", True)]
    text = "FROM debian:12\nVOLUME $DATA\nRUN wget -P /opt https://x/b.zip\n"
    assert effects(text) == [("write", "download", "/opt/b.zip", False)]
    assert run("echo 'nameserver 1.1.1.1' > /etc/resolv.conf && echo x > /etc/hosts") == []


def test_not_modelled() -> None:
    steps = files_of('FROM scratch\nRUN ["rm", "-rf", "/tmp"]\nRUN a (\n').sequences[0]
    assert [s.modelled for s in steps] == [False, False]


# -- COPY and ADD --------------------------------------------------------------------------


def copy(text: str):  # type: ignore[no-untyped-def]
    step = files_of(text).sequences[0][-1]
    assert step.copy is not None
    c = step.copy
    return (
        str(c.destination.location) if c.destination else None,
        [(str(f.location), f.file) for f in c.files],
        c.only_files,
    )


def test_copy_destinations() -> None:
    assert copy("FROM scratch\nCOPY a.sh b.txt /usr/local/bin/\n") == (
        "/usr/local/bin",
        [("/usr/local/bin/a.sh", True), ("/usr/local/bin/b.txt", True)],
        True,
    )
    assert copy("FROM scratch\nWORKDIR /app\nCOPY . .\n") == ("/app", [], False)
    assert copy("FROM scratch\nWORKDIR /app\nCOPY app.jar app.jar\n") == (
        "/app/app.jar",
        [("/app/app.jar", True)],
        True,
    )
    # into an existing directory `COPY x.sh /usr/bin` writes /usr/bin/x.sh: not a file here
    assert copy("FROM scratch\nCOPY x.sh /usr/bin\n") == ("/usr/bin", [("/usr/bin", False)], True)
    assert copy("FROM scratch\nCOPY conf /etc/app/\n") == ("/etc/app", [], False)
    assert copy("FROM scratch\nCOPY *.sh /bin/\n") == ("/bin", [], False)
    assert copy("FROM scratch\nCOPY <<EOF /etc/motd\nhi\nEOF\n") == (
        "/etc/motd",
        [("/etc/motd", False)],
        True,
    )
    assert copy("FROM scratch\nCOPY <<run.sh /bin/\nhi\nrun.sh\n") == ("/bin", [("/bin/run.sh", True)], True)
    assert copy("FROM scratch\nADD app.tar.gz /opt/\n") == ("/opt", [], False)  # ADD may unpack it
    assert copy("FROM scratch\nADD https://x.org/dl/app.tgz?x=1 /tmp/\n") == (
        "/tmp",
        [("/tmp/app.tgz", True)],
        True,
    )
    assert copy("FROM scratch\nADD https://github.com/o/r.git /src\n") == ("/src", [], False)
    assert copy("FROM debian:12\nCOPY a.sh $DEST/\n") == (None, [], False)
    assert copy("FROM debian:12\nCOPY a.sh rel/\n")[0] is not None  # under the image's WORKDIR
    assert copy("FROM scratch\nARG D=/x\nCOPY a.sh ${D}/\n")[0] == "/x"


def test_triggers_are_a_timeline_of_their_own() -> None:
    text = "FROM scratch\nWORKDIR /app\nONBUILD COPY a.tgz /tmp/\nRUN true\nONBUILD RUN rm /tmp/a.tgz\nONBUILD COPY b.sh $X/\n"
    files = files_of(text)
    main, triggers = files.sequences
    assert [s.kind for s in main] == ["WORKDIR", "RUN"]
    assert [s.kind for s in triggers] == ["COPY", "RUN", "COPY"] and all(s.trigger for s in triggers)
    assert triggers[2].copy is not None and triggers[2].copy.destination is None  # expanded downstream
    [(write, fate)] = files.fates.items()
    assert str(write.location) == "/tmp/a.tgz" and fate.step is triggers[1]


# -- timelines and fates -------------------------------------------------------------------


def fates(text: str) -> list[tuple[str, str, str, bool]]:
    files = files_of(text)
    return sorted(
        {(str(w.location), f.written.kind, f.step.kind, f.overwritten) for w, f in files.fates.items()}
    )


def test_fates() -> None:
    assert fates("FROM scratch\nRUN wget -P /tmp https://x/a.zip\nRUN rm /tmp/a.zip\n") == [
        ("/tmp/a.zip", "RUN", "RUN", False)
    ]
    # removed in the RUN that wrote it: no fate
    assert (
        fates("FROM scratch\nRUN wget -P /tmp https://x/a.zip && rm /tmp/a.zip\nRUN rm -f /tmp/a.zip\n") == []
    )
    # an unknown removal in between: nothing is claimed afterwards
    assert (
        fates('FROM scratch\nRUN wget -P /tmp https://x/a.zip\nRUN rm -rf "$D"\nRUN rm -f /tmp/a.zip\n') == []
    )
    # a RUN dflint cannot follow in between
    assert (
        fates('FROM scratch\nRUN wget -P /tmp https://x/a.zip\nRUN ["sh", "x.sh"]\nRUN rm /tmp/a.zip\n') == []
    )
    # overwritten by a download
    assert fates("FROM scratch\nCOPY app.conf /etc/app.conf\nRUN curl -o /etc/app.conf https://x/c\n") == [
        ("/etc/app.conf", "COPY", "RUN", True)
    ]
    # a part of a directory the COPY wrote: maybe not written by it
    assert fates("FROM scratch\nCOPY . /app\nRUN rm -rf /app/docs\n") == []
    assert fates("FROM scratch\nCOPY . /app\nRUN rm -rf /app\n") == [("/app", "COPY", "RUN", False)]
    # mkdir puts no bytes in a layer
    assert fates("FROM scratch\nRUN mkdir -p /x\nRUN rm -rf /x\n") == []


def test_fates_follow_the_shipped_chain_only() -> None:
    text = (
        "FROM scratch AS base\nRUN wget -P /tmp https://x/a.zip\n"
        "FROM base AS build\nRUN wget -P /tmp https://x/b.zip\n"
        "FROM base\nRUN rm -f /tmp/a.zip /tmp/b.zip\n"
    )
    assert fates(text) == [("/tmp/a.zip", "RUN", "RUN", False)]  # `build` does not ship
    files = files_of(text)
    build = Model(dflint.parse(text)).stages[1].instructions[0]
    assert isinstance(build, cst.Run) and files.locate(build) is None
