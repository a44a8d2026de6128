"""What the optimiser knows: runtime images, the runtime package of each build package,
the programs each runtime image has, and rough sizes of build packages.

Each table says what it is for; none of them is consulted outside :mod:`dflint.optimize`.
"""

from __future__ import annotations

import re

#: Debian/Ubuntu development packages -> the runtime libraries a program built against
#: them links (bookworm names; the soname part of a name changes between releases, so a
#: package missing here makes the rewrite refuse rather than guess).
DEV_TO_RUNTIME: dict[str, tuple[str, ...]] = {
    "libc6-dev": (),  # libc6 is in every Debian image
    "libc-dev": (),
    "linux-libc-dev": (),
    "libstdc++-12-dev": (),  # libstdc++6 is in debian:*-slim
    "zlib1g-dev": ("zlib1g",),
    "libsqlite3-dev": ("libsqlite3-0",),
    "libssl-dev": ("libssl3",),
    "libffi-dev": ("libffi8",),
    "libpq-dev": ("libpq5",),
    "libxml2-dev": ("libxml2",),
    "libxslt1-dev": ("libxslt1.1",),
    "libjpeg-dev": ("libjpeg62-turbo",),
    "libjpeg62-turbo-dev": ("libjpeg62-turbo",),
    "libpng-dev": ("libpng16-16",),
    "libwebp-dev": ("libwebp7",),
    "libtiff-dev": ("libtiff6",),
    "libfreetype-dev": ("libfreetype6",),
    "libfreetype6-dev": ("libfreetype6",),
    "libcurl4-openssl-dev": ("libcurl4",),
    "libyaml-dev": ("libyaml-0-2",),
    "libmariadb-dev": ("libmariadb3",),
    "libmariadb-dev-compat": ("libmariadb3",),
    "default-libmysqlclient-dev": ("libmariadb3",),
    "libpcre3-dev": ("libpcre3",),
    "libpcre2-dev": ("libpcre2-8-0",),
    "libbz2-dev": ("libbz2-1.0",),
    "liblzma-dev": ("liblzma5",),
    "libzstd-dev": ("libzstd1",),
    "libreadline-dev": ("libreadline8",),
    "libncurses-dev": ("libncursesw6",),
    "libncurses5-dev": ("libncursesw6",),
    "libgmp-dev": ("libgmp10",),
    "uuid-dev": ("libuuid1",),
    "libgdbm-dev": ("libgdbm6",),
    "libsodium-dev": ("libsodium23",),
    "libevent-dev": ("libevent-2.1-7",),
    "libmagic-dev": ("libmagic1",),
    "libgeos-dev": ("libgeos-c1v5",),
    "libldap2-dev": ("libldap-2.5-0",),
    "libsasl2-dev": ("libsasl2-2",),
    "libkrb5-dev": ("libkrb5-3", "libgssapi-krb5-2"),
    "libexpat1-dev": ("libexpat1",),
    "libonig-dev": ("libonig5",),
    "libzip-dev": ("libzip4",),
    "libicu-dev": ("libicu72",),
    "libpython3-dev": (),
    "python3-dev": (),
    "libpython3.11-dev": (),
    "python3.11-dev": (),
}
#: The same libraries' packages on Debian trixie (renamed by the 64-bit time_t
#: transition, or not); a library missing here makes a trixie rewrite refuse
TRIXIE_NAMES: dict[str, str] = {
    **{
        n: n
        for n in """zlib1g libsqlite3-0 libffi8 libpq5 libjpeg62-turbo libyaml-0-2 libmariadb3 libzstd1
        liblzma5 libbz2-1.0 libexpat1 libsodium23 libxslt1.1 libfreetype6 libwebp7 libtiff6""".split()
    },
    "libssl3": "libssl3t64",
    "libcurl4": "libcurl4t64",
    "libpng16-16": "libpng16-16t64",
}
#: JDK packages -> the JRE that runs what they compiled
JDK_TO_JRE: dict[str, str] = {
    "default-jdk": "default-jre-headless",
    "default-jdk-headless": "default-jre-headless",
    **{f"openjdk-{v}-jdk": f"openjdk-{v}-jre-headless" for v in (11, 17, 21, 25)},
    **{f"openjdk-{v}-jdk-headless": f"openjdk-{v}-jre-headless" for v in (11, 17, 21, 25)},
}

#: The working directory official images set (the others leave it at /)
BASE_WORKDIR = {"golang": "/go"}

#: Debian releases and the Python each ships (to serve a site with python3 -m http.server)
DEBIAN_PYTHON = {"bullseye": "3.9", "bookworm": "3.11", "trixie": "3.13"}
#: Debian releases the official images are built on, and a version of each
DEBIAN_RELEASES = ("bullseye", "bookworm", "trixie")

#: The Debian release of official image lines the base-image catalogue does not hold
#: (end-of-life lines, whose last images were built on this release).
DEFAULT_RELEASE: dict[tuple[str, str], str] = {
    ("golang", "1.19"): "bookworm",
    ("golang", "1.20"): "bookworm",
    ("golang", "1.21"): "bookworm",
    ("golang", "1.22"): "bookworm",
    ("golang", "1.23"): "bookworm",
    ("golang", "1.24"): "bookworm",
    ("node", "18"): "bookworm",
    ("node", "20"): "bookworm",
    ("python", "3.9"): "bookworm",
    ("python", "3.10"): "bookworm",
}

#: Programs of a minimal Debian image (debian:*-slim): what a RUN or a CMD carried into a
#: Debian-based runtime stage may call without installing anything.
DEBIAN_SLIM_PROGRAMS = frozenset(
    """sh bash dash cat cp mv rm ln mkdir rmdir chmod chown chgrp touch echo printf ls test [
    true false env sed grep egrep fgrep find xargs tar gzip gunzip zcat useradd groupadd usermod
    groupmod userdel groupdel passwd chpasswd id whoami sleep apt-get apt apt-cache apt-mark dpkg
    tee head tail sort uniq wc cut tr install readlink realpath dirname basename date mktemp su
    setpriv stat du df uname hostname nproc expr seq yes timeout nice kill pwd sync md5sum
    sha256sum sha1sum cmp diff awk mawk ldconfig update-alternatives locale getent login
    runuser""".split()
)
#: Programs of the full Debian images (buildpack-deps) that the slim ones lack: a script
#: calling them needs them installed (the Python recipe trusts other names to be the
#: virtualenv's console scripts)
DEBIAN_FULL_ONLY = frozenset(
    """curl wget git ssh scp rsync gcc g++ cc make cmake file unzip zip bzip2 xz patch procps ps
    netstat ip ping nc jq vim less gpg""".split()
)
#: Extra programs of the official language images' slim variants
PYTHON_PROGRAMS = frozenset({"python", "python3", "pip", "pip3"})
NODE_PROGRAMS = frozenset({"node", "nodejs", "npm", "npx", "corepack"})
#: Programs that only the full image had and a runtime stage gets by installing a package
INSTALLABLE = {"curl": "curl", "wget": "wget", "java": None}

#: Commands that create users and groups (moved to the build stage for a scratch runtime,
#: which then copies /etc/passwd and /etc/group)
USER_COMMANDS = frozenset({"useradd", "groupadd", "adduser", "addgroup", "usermod"})

#: Rough download sizes (compressed, bytes) of build packages with their dependencies on
#: a full Debian image, for the gate's estimate; unknown packages count as nothing.
MB = 1_000_000
BUILD_PACKAGE_BYTES: dict[str, int] = {
    "build-essential": 60 * MB,
    "gcc": 35 * MB,
    "g++": 45 * MB,
    "clang": 90 * MB,
    "make": 1 * MB,
    "cmake": 12 * MB,
    "rustc": 60 * MB,
    "cargo": 20 * MB,
    "golang": 90 * MB,
    "default-jdk": 120 * MB,
    "default-jdk-headless": 110 * MB,
    "maven": 10 * MB,
    "gradle": 60 * MB,
}
_JDK = re.compile(r"openjdk-\d+-jdk(-headless)?")
_GOLANG = re.compile(r"golang-\d+\.\d+(-go)?")
#: JREs installed into a runtime stage (download, compressed)
JRE_BYTES = 75 * MB


def build_package_bytes(name: str) -> int:
    if name in BUILD_PACKAGE_BYTES:
        return BUILD_PACKAGE_BYTES[name]
    if _JDK.fullmatch(name):
        return 110 * MB
    if _GOLANG.fullmatch(name):
        return 90 * MB
    if name.endswith("-dev"):
        return 1 * MB
    return 0


#: PyPI projects whose source builds link a system library the slim image lacks, and the
#: Debian runtime packages that provide it. Only an sdist build links them (the manylinux
#: wheels bundle their libraries), but whether pip finds a wheel depends on the version,
#: the platform and the index: the runtime stage installs them whenever the project is
#: installed, which costs a little size and never a broken import.
PYPI_SYSTEM_LIBRARIES: dict[str, tuple[str, ...]] = {
    "psycopg2": ("libpq5",),
    "mysqlclient": ("libmariadb3",),
    "pycurl": ("libcurl4",),
    "python-ldap": ("libldap-2.5-0", "libsasl2-2"),
    "lxml": ("libxml2", "libxslt1.1"),
    "pillow": ("libjpeg62-turbo", "libpng16-16", "zlib1g", "libfreetype6", "libtiff6", "libwebp7"),
    "pyyaml": ("libyaml-0-2",),
    "gssapi": ("libgssapi-krb5-2",),
}
#: PyPI projects and npm packages that need system software at run time the rewrite
#: cannot provide (a GUI toolkit, a database client's shared libraries of another
#: distribution): the rewrite refuses when they are installed
PYPI_REFUSED = frozenset({"pygobject", "pycairo", "dbus-python", "mod-wsgi", "uwsgi"})
NPM_REFUSED = frozenset({"canvas", "node-rdkafka", "libxmljs", "libxmljs2", "oracledb", "node-gtk"})
