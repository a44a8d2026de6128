"""Hard cases for DF232 (ADD of plain local files), DF233 (ADD of a URL without
--checksum) and DF235 (build tools installed in the image that ships): variables in
sources, wildcards, heredocs, ONBUILD triggers, ADD-only flags, continuation styles and
escape directives kept byte for byte by the keyword fix; removals in the same RUN,
heredoc and ``sh -c`` scripts, ``set -eux;`` prefixes, cache mounts, and the images that
are build environments themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()


def diagnostics(text: str, *rules: str) -> list:  # type: ignore[type-arg]
    settings = Settings(rules=RULES, enabled=frozenset(rules))
    result = lint_text(text, "Dockerfile", settings)
    assert not result.internal_errors
    return result.diagnostics


def found(text: str, *rules: str) -> list[tuple[int, int, str]]:
    return [(d.start.line, d.start.column, d.rule) for d in diagnostics(text, *rules)]


def fixed(text: str, *rules: str) -> str:
    """The text after ``--fix`` (safe fixes only); it parses, and fixing it again
    changes nothing and leaves none of the rules' findings."""
    settings = Settings(rules=RULES, enabled=frozenset(rules))
    outcome = fix_text(text, "Dockerfile", settings, Applicability.SAFE)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    again = fix_text(outcome.text, "Dockerfile", settings, Applicability.SAFE)
    assert again.text == outcome.text
    return outcome.text


def span(text: str, rule: str) -> list[str]:
    return [text[d.offset : d.end_offset] for d in diagnostics(text, rule)]


# -- DF232 add-instead-of-copy ------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("add . /app", "copy . /app"),
        ("Add . /app", "Copy . /app"),
        ('ADD ["a b.txt", "/app/"]', 'COPY ["a b.txt", "/app/"]'),
        (
            "ADD --chown=app:app --chmod=644 --link conf/ /etc/app/",
            "COPY --chown=app:app --chmod=644 --link conf/ /etc/app/",
        ),
        ("ADD *.jar /app/", "COPY *.jar /app/"),
        ("ADD Makefile src/ /build/", "COPY Makefile src/ /build/"),
        ("ADD archive.zip /tmp/", "COPY archive.zip /tmp/"),  # ADD does not extract zip files
    ],
)
def test_plain_sources_are_fixed_in_the_keywords_own_case(line: str, expected: str) -> None:
    text = f"FROM alpine:3.21\n{line}\n"
    assert [(row, col) for row, col, _ in found(text, "DF232")] == [(2, 1)]
    assert span(text, "DF232") == [line.split()[0]]
    assert fixed(text, "DF232") == f"FROM alpine:3.21\n{expected}\n"


@pytest.mark.parametrize(
    "line",
    [
        "ADD rootfs.tar.xz /",
        "ADD app.TGZ /opt/",
        "ADD file.gz /usr/src/app/",  # hadolint's list: a .gz may be a gzipped tar
        "ADD image.tar.zst /",
        "ADD *.tar.gz /opt/",
        "ADD http://example.com/file /tmp/",
        "ADD https://github.com/moby/buildkit.git#v0.18.2 /src",
        "ADD git@github.com:moby/buildkit.git /src",
        "ADD ssh://git@example.com/repo.git /src",
        "ADD --unpack=true app.bin /opt/",  # says it is an archive
        "ADD",  # BuildKit rejects these: DF001's business
        "ADD --from=build /app /app",
        "ADD --chown=app:app --bogus=1 . /app",
    ],
)
def test_archives_addresses_and_explicit_unpacking_are_not_reported(line: str) -> None:
    assert found(f"FROM alpine:3.21\n{line}\n", "DF232") == []


def test_variables_are_expanded_where_dflint_knows_them() -> None:
    text = (
        "FROM alpine:3.21\nARG TARBALL=app.tar.gz\nARG JAR=app.jar\nARG VERSION\nARG SOURCE\n"
        "ENV CONF=/etc/app\n"
        "ADD $TARBALL /opt/\n"  # an archive by its value
        "ADD ${JAR} /opt/\n"  # a file by its value
        "ADD app-${VERSION}.jar /opt/\n"  # the extension is known
        "ADD app-${VERSION}.tar.gz /opt/\n"
        "ADD $SOURCE /opt/\n"  # may be a URL or an archive
        "ADD ${VERSION}/ /opt/\n"  # a variable first: may be an address
        "ADD http${VERSION}://x/y /opt/\n"
        "ADD conf${CONF} /opt/\n"
    )
    assert [line for line, _, _ in found(text, "DF232")] == [8, 9, 14]


def test_an_unset_name_may_come_from_the_base_image() -> None:
    assert found("FROM alpine:3.21\nADD $APP_HOME/x.jar /opt/\n", "DF232") == []
    # scratch has no ENV: an unset name expands to nothing
    assert found("FROM scratch\nADD ${APP_HOME}app.jar /opt/\n", "DF232") == [(2, 1, "DF232")]


def test_wildcards_that_may_match_an_archive_are_reported_without_a_fix() -> None:
    text = "FROM alpine:3.21\nADD dist/* /app/\nADD lib/file.[tj]ar /app/\nADD src/*/conf.yml /etc/\n"
    assert [line for line, _, _ in found(text, "DF232")] == [2, 3, 4]
    assert "wildcard" in diagnostics(text, "DF232")[0].message
    assert fixed(text, "DF232") == text.replace("ADD src/*", "COPY src/*")


@pytest.mark.parametrize(
    "flags",
    [
        "--keep-git-dir=true",
        "--checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d",
    ],
)
def test_add_only_flags_block_the_fix(flags: str) -> None:
    text = f"FROM alpine:3.21\nADD {flags} conf.yml /etc/\n"
    [d] = diagnostics(text, "DF232")
    assert d.fix is None
    assert fixed(text, "DF232") == text


def test_unpack_false_copies_an_archive_as_it_is() -> None:
    text = "FROM alpine:3.21\nADD --unpack=false app.tar.gz /opt/\n"
    [d] = diagnostics(text, "DF232")
    assert "`app.tar.gz`" in d.message and d.fix is None  # --unpack would not build on COPY


def test_a_mix_of_archives_and_files_asks_for_a_separate_copy() -> None:
    text = "FROM alpine:3.21\nADD rootfs.tar.gz https://example.com/x config.yml /\n"
    [d] = diagnostics(text, "DF232")
    assert "`config.yml`" in d.message and "separate `COPY`" in d.message
    assert "rootfs" not in d.message and d.fix is None


def test_heredoc_sources_are_never_extracted() -> None:
    text = "FROM alpine:3.21\nADD <<EOF /etc/motd\nWelcome\nEOF\nRUN cat /etc/motd\n"
    assert found(text, "DF232") == [(2, 1, "DF232")]
    assert fixed(text, "DF232") == text.replace("ADD <<EOF", "COPY <<EOF")
    with_archive = "FROM alpine:3.21\nADD <<EOF rootfs.tar /\nhi\nEOF\n"
    [d] = diagnostics(with_archive, "DF232")
    assert d.fix is None and "`<<EOF`" in d.message


def test_onbuild_trigger_is_checked_and_its_variables_are_unknown() -> None:
    text = "FROM alpine:3.21\nARG JAR=app.jar\nONBUILD ADD . /app/\nONBUILD ADD $JAR /app/\n"
    assert found(text, "DF232") == [(3, 9, "DF232")]  # the trigger expands downstream
    assert fixed(text, "DF232") == text.replace("ONBUILD ADD .", "ONBUILD COPY .")


def test_every_stage_is_checked() -> None:
    text = "FROM golang:1.23 AS build\nADD . /src\nRUN go build -o /app /src\nFROM scratch\nCOPY --from=build /app /app\n"
    assert found(text, "DF232") == [(2, 1, "DF232")]


def test_continuations_tabs_and_a_backslash_at_column_80_are_kept() -> None:
    first = "ADD --chown=app:app --chmod=0644 config/application.yml config/logging.yml"
    text = f"FROM alpine:3.21\n{first.ljust(79)}\\\n\t\t/etc/app/\nADD \\\n    src/ \\\n    /app/src/\n"
    expected = f"FROM alpine:3.21\n{('COPY' + first[3:]).ljust(80)}\\\n\t\t/etc/app/\nCOPY \\\n    src/ \\\n    /app/src/\n"
    assert found(text, "DF232") == [(2, 1, "DF232"), (4, 1, "DF232")]
    assert fixed(text, "DF232") == expected


def test_crlf_and_backtick_escape_are_kept() -> None:
    text = (
        "# escape=`\r\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\r\nADD app.exe `\r\n    C:/app/\r\n"
    )
    assert fixed(text, "DF232") == text.replace("ADD app.exe", "COPY app.exe")


# -- DF233 add-url-without-checksum -------------------------------------------------


def test_url_is_reported_at_the_url_word() -> None:
    text = "FROM debian:12\nADD --chmod=755 \\\n    https://example.com/tool /usr/local/bin/tool\n"
    assert found(text, "DF233") == [(3, 5, "DF233")]
    assert span(text, "DF233") == ["https://example.com/tool"]


def test_checksum_verifies_the_download() -> None:
    digest = "sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d"
    assert found(f"FROM debian:12\nADD --checksum={digest} https://example.com/tool /t\n", "DF233") == []
    assert found("FROM debian:12\nARG SUM\nADD --checksum=$SUM https://example.com/tool /t\n", "DF233") == []
    # an empty value checks nothing
    assert found("FROM debian:12\nADD --checksum= https://example.com/tool /t\n", "DF233") == [
        (2, 17, "DF233")
    ]


def test_downloaded_archives_are_not_extracted() -> None:
    text = "FROM debian:12\nADD https://example.com/x-1.2.tar.gz /tmp/\nADD https://example.com/x.zip?raw=1 /tmp/\n"
    messages = [d.message for d in diagnostics(text, "DF233")]
    assert len(messages) == 2 and all("does not extract" in m for m in messages)
    unpacked = "FROM debian:12\nADD --unpack=true https://example.com/x-1.2.tar.gz /opt/\n"
    [d] = diagnostics(unpacked, "DF233")
    assert "does not extract" not in d.message and "--checksum=sha256:" in d.message


def test_each_url_of_a_multi_source_add_is_reported() -> None:
    text = "FROM debian:12\nADD https://a.example/one https://b.example/two /opt/\n"
    assert [column for _, column, _ in found(text, "DF233")] == [5, 27]
    assert all("its own ADD" in d.message for d in diagnostics(text, "DF233"))


def test_urls_from_variables() -> None:
    text = (
        "FROM debian:12\nARG V=1.2\nARG URL=https://example.com/app.jar\nARG MIRROR\n"
        "ADD https://example.com/v${V}/app-${V}.tar.gz /tmp/\n"
        "ADD ${URL} /opt/\n"
        "ADD ${MIRROR}/app.jar /opt/\n"  # only the build knows
        "ONBUILD ADD https://example.com/${V}/tool /usr/bin/tool\n"
    )
    assert [line for line, _, _ in found(text, "DF233")] == [5, 6, 8]


def test_git_sources_and_local_files_are_not_downloads() -> None:
    text = (
        "FROM alpine:3.21\nADD https://github.com/moby/buildkit.git#v0.18.2 /src\n"
        "ADD --keep-git-dir=true git@github.com:moby/buildkit.git /src\nADD app.tar.gz /opt/\n"
    )
    assert found(text, "DF233") == []


def test_a_builder_stage_download_is_reported_too() -> None:
    text = "FROM debian:12 AS fetch\nADD https://example.com/tool /tool\nFROM scratch\nCOPY --from=fetch /tool /tool\n"
    assert found(text, "DF233") == [(2, 5, "DF233")]


# -- DF235 build-tools-in-final-stage -------------------------------------------------

APP = 'CMD ["python3", "-m", "app"]\n'


def test_packages_are_named_by_category_and_spanned() -> None:
    text = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n"
        "\tca-certificates \\\n\tgcc \\\n\tlibpq-dev:amd64 \\\n\tcurl \\\n\tcmake \\\n\t&& rm -rf /var/lib/apt/lists/*\n"
        + APP
    )
    [d] = diagnostics(text, "DF235")
    assert (d.start.line, d.start.column, d.end.line) == (4, 2, 7)
    assert text[d.offset : d.end_offset] == "gcc \\\n\tlibpq-dev:amd64 \\\n\tcurl \\\n\tcmake"
    assert "compilers: gcc; headers: libpq-dev:amd64; build systems: cmake" in d.message
    assert d.message.startswith("`apt-get install` puts build tools")


@pytest.mark.parametrize(
    "script",
    [
        "apk add --no-cache --virtual .build-deps gcc musl-dev && pip install x==1 && apk del .build-deps",
        "apk add -t .bd gcc && pip install x==1 && apk del --no-network .bd",
        "apt-get install -y gcc libc6-dev && pip install x==1 && apt-get purge -y gcc libc6-dev",
        "apt-get install -y make && make && apt-get remove -y --auto-remove make",
        "dnf install -y gcc-c++ && pip install x==1 && dnf remove -y gcc-c++",
        "yum groupinstall -y 'Development Tools' && make && yum groupremove -y 'Development Tools'",
        "apt-get install -y $BUILD_DEPS gcc && pip install x==1 && apt-get purge -y $BUILD_DEPS",
        # the official images' idiom: everything installed here is marked automatic
        'savedAptMark="$(apt-mark showmanual)"; apt-get install -y gcc libssl-dev; make;'
        " apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark;"
        " apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false",
    ],
)
def test_packages_removed_in_the_same_run_are_not_reported(script: str) -> None:
    assert found(f"FROM debian:12\nRUN {script}\n{APP}", "DF235") == []


def test_what_is_not_removed_is_still_reported() -> None:
    text = f"FROM debian:12\nRUN apt-get install -y gcc make && make && apt-get purge -y gcc\n{APP}"
    [d] = diagnostics(text, "DF235")
    assert "make" in d.message and "gcc" not in d.message
    # a removal in a later RUN does not take them out of the earlier layer
    later = f"FROM debian:12\nRUN apt-get install -y gcc\nRUN apt-get purge -y gcc\n{APP}"
    assert found(later, "DF235") == [(2, 24, "DF235")]


def test_heredoc_set_eux_sh_c_and_onbuild_scripts() -> None:
    heredoc = f"FROM debian:12\nRUN <<EOF\nset -eux\napt-get install -y g++\nEOF\n{APP}"
    assert found(heredoc, "DF235") == [(4, 20, "DF235")]
    semicolons = (
        f"FROM debian:12\nRUN set -eux; \\\n    apt-get install -y build-essential; \\\n    make\n{APP}"
    )
    assert found(semicolons, "DF235") == [(3, 24, "DF235")]
    nested = f"FROM debian:12\nRUN sh -c 'apt-get install -y clang-16'\n{APP}"
    assert found(nested, "DF235") == [(2, 31, "DF235")]
    trigger = f"FROM debian:12\nONBUILD RUN apk add build-base\n{APP}"
    assert found(trigger, "DF235") == [(2, 21, "DF235")]


def test_a_cache_mount_does_not_remove_installed_packages() -> None:
    text = f"FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y gcc\n{APP}"
    assert found(text, "DF235") == [(2, 65, "DF235")]


@pytest.mark.parametrize(
    "install",
    [
        "dnf group install -y 'Development Tools'",
        "microdnf install -y java-17-openjdk-devel",
        "zypper in -y gcc",
        "apk add openjdk21",
        "apt-get install -y openjdk-17-jdk-headless",
        "sudo apt-get install -y golang-1.22-go",
        "apk add gdal-dev@testing",
    ],
)
def test_package_managers_and_names(install: str) -> None:
    assert len(found(f"FROM debian:12\nRUN {install}\n{APP}", "DF235")) == 1


@pytest.mark.parametrize(
    "install",
    [
        "apt-get install -y libpq5 python3 nodejs",
        "apk add udev",
        "pip install cython",
        "apt-get install -y $PKGS",
    ],
)
def test_runtime_packages_and_other_installers_are_not_reported(install: str) -> None:
    assert found(f"FROM debian:12\nRUN {install}\n{APP}", "DF235") == []


def test_only_the_layers_that_ship() -> None:
    builder = (
        "FROM debian:12 AS build\nRUN apt-get install -y gcc\nRUN gcc -o /app main.c\n"
        'FROM debian:12-slim\nCOPY --from=build /app /app\nCMD ["/app"]\n'
    )
    assert found(builder, "DF235") == []
    base = 'FROM debian:12 AS base\nRUN apt-get install -y gcc\nFROM base\nCMD ["/app"]\n'
    assert found(base, "DF235") == [(2, 24, "DF235")]


@pytest.mark.parametrize(
    "runtime",
    [
        "",  # no command: a CI or base image
        'CMD ["make", "-C", "/work"]\n',
        "CMD cd /src && ./build.sh\n",
        'CMD ["bash", "build.sh"]\n',
        'CMD ["bash"]\n',
        "CMD /bin/bash -l\n",
        'ENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["sh"]\n',
        'ENTRYPOINT ["/bin/bash", "-c"]\n',
        "CMD service ssh start && bash\n",
        'CMD ["sleep", "infinity"]\n',
        "CMD tail -f /dev/null\n",
        'ENTRYPOINT ["tini", "--", "cargo"]\n',
        'ENTRYPOINT ["dumb-init", "--", "yarn"]\n',
        "CMD pip install -r requirements.txt && python app.py\n",
        'CMD ["jupyter", "lab", "--ip=0.0.0.0"]\n',
        'CMD ["python3"]\n',
        'CMD ["/usr/sbin/sshd", "-D"]\n',
    ],
)
def test_build_and_development_environments_are_not_reported(runtime: str) -> None:
    assert found(f"FROM ubuntu:24.04\nRUN apt-get install -y build-essential\n{runtime}", "DF235") == []


@pytest.mark.parametrize(
    "runtime",
    [
        'CMD ["python3", "app.py"]\n',
        'ENTRYPOINT ["/entrypoint.sh"]\n',
        'ENTRYPOINT ["/bin/bash", "-c"]\nCMD ["python3 app.py"]\n',
        "CMD nginx -g 'daemon off;'\n",
        'ENTRYPOINT ["tini", "--"]\nCMD ["node", "server.js"]\n',
    ],
)
def test_application_images_are_reported(runtime: str) -> None:
    assert found(f"FROM ubuntu:24.04\nRUN apt-get install -y build-essential\n{runtime}", "DF235") == [
        (2, 24, "DF235")
    ]


def test_an_entrypoint_resets_the_cmd_of_the_base_stage() -> None:
    text = 'FROM ubuntu:24.04 AS base\nCMD ["bash"]\nFROM base\nRUN apt-get install -y gcc\nENTRYPOINT ["/app"]\n'
    assert found(text, "DF235") == [(4, 24, "DF235")]
    kept = 'FROM ubuntu:24.04 AS base\nCMD ["bash"]\nFROM base\nRUN apt-get install -y gcc\n'
    assert found(kept, "DF235") == []


def test_a_toolchain_base_is_reported_once_by_df104() -> None:
    text = 'FROM golang:1.23\nRUN apt-get update && apt-get install -y libssl-dev\nRUN go build -o /app .\nCMD ["/app"]\n'
    assert [rule for _, _, rule in found(text, "DF104", "DF235")] == ["DF104"]
    slim = text.replace("golang:1.23", "debian:12")
    assert [rule for _, _, rule in found(slim, "DF104", "DF235")] == ["DF235"]


def test_headers_packages_kept_for_their_runtime_library() -> None:
    text = 'FROM ubuntu:24.04\nRUN apt-get install -y libjemalloc-dev\nENTRYPOINT ["/docker-entrypoint.sh"]\n'
    assert found(text, "DF235") == []  # the entrypoint preloads libjemalloc.so (apache/flink-docker)


@pytest.mark.parametrize(
    "base", ["rocker/rstudio:4.4", "jupyter/scipy-notebook", "mcr.microsoft.com/devcontainers/base:bookworm"]
)
def test_workbench_base_images_are_build_environments(base: str) -> None:
    text = f'FROM {base}\nRUN apt-get install -y libxml2-dev\nCMD ["/init"]\n'
    assert found(text, "DF235") == []


def test_a_package_named_twice_is_listed_once() -> None:
    [d] = diagnostics(f"FROM alpine:3.21\nRUN apk add make curl make\n{APP}", "DF235")
    assert "build systems: make)" in d.message


def test_df232_reads_the_sources_in_the_build_context_as_buildkit_does(tmp_path: Path) -> None:
    """BuildKit extracts what is a tar by content, whatever its name: `app.gem` (a plain
    tar) and `data.bin` (a gzipped tar) are extracted, `notes.gz` (a gzipped text) and a
    `.tar`-named text file are copied as they are."""
    import gzip
    import io
    import tarfile

    def tar_bytes() -> bytes:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tar:
            info = tarfile.TarInfo("inner.txt")
            info.size = 2
            tar.addfile(info, io.BytesIO(b"hi"))
        return buf.getvalue()

    (tmp_path / "app.gem").write_bytes(tar_bytes())
    (tmp_path / "data.bin").write_bytes(gzip.compress(tar_bytes()))
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"just text\n"))
    (tmp_path / "fake.tar").write_text("not a tar\n")
    dockerfile = tmp_path / "Dockerfile"
    text = (
        "FROM busybox:latest\n"
        "ADD app.gem /gem/\n"
        "ADD data.bin /data/\n"
        "ADD notes.gz /notes/\n"
        "ADD fake.tar /fake/\n"
        "ADD missing.crate /crate/\n"  # not here to read: by name, a tar (Cargo's)
    )
    dockerfile.write_text(text)
    settings = Settings(rules=RULES, enabled=frozenset({"DF232"}))
    result = lint_text(text, str(dockerfile), settings)
    assert [(d.start.line, d.fix is not None) for d in result.diagnostics] == [(4, True), (5, True)]
    # Without the context (standard input) only the names speak.
    result = lint_text(text, "-", settings)
    assert [d.start.line for d in result.diagnostics] == [3]
