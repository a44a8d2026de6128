"""The command model: tools, wrappers, options, operands and package pins.

Cases marked ``DLxxxxSpec.hs:N`` are hadolint's own test cases, read from
``../shared/conformance/hadolint/cases.json`` (hadolint 8f936c5, ``test/Hadolint/Rule/``);
they are restated here as facts about ``packages``, and ``test_hadolint_pin_cases`` replays
every case of the pinning rules from that file.
"""

from __future__ import annotations

import json
import shlex

import pytest

from dflint.model.commands import CommandModel, Package, model_command
from tests.conftest import shared_path


def argv(text: str) -> list[str | None]:
    """Shell-like words; a word with ``$`` in it stands for a non-static word (None)."""
    return [None if "$" in w else w for w in shlex.split(text)]


def model(text: str) -> CommandModel:
    found = model_command(argv(text))
    assert found is not None
    return found


def opts(m: CommandModel) -> list[tuple[str, str | None, int, int | None, str]]:
    return [(o.name, o.value, o.index, o.value_index, o.form) for o in m.options]


def pins(m: CommandModel) -> list[tuple[str | None, str | None, str | None, bool | None]]:
    return [(p.name, p.operator, p.version, p.pinned) for p in m.packages]


# --------------------------------------------------------------------------- tools and wrappers

TOOLS = [
    # text, tool, tool_index, subcommand, subcommand_index, wrappers
    ("apt-get install foo", "apt-get", 0, "install", 1, []),
    ("/usr/bin/apt-get -y install foo", "apt-get", 0, "install", 2, []),
    ("apt install foo", "apt", 0, "install", 1, []),
    ("aptitude install foo", "aptitude", 0, "install", 1, []),
    ("sudo apt-get update", "apt-get", 1, "update", 2, ["sudo"]),
    ("sudo -E -u root apt-get update", "apt-get", 4, "update", 5, ["sudo"]),
    ("sudo --user=root -- apt-get update", "apt-get", 3, "update", 4, ["sudo"]),
    ("sudo DEBIAN_FRONTEND=noninteractive apt-get install x", "apt-get", 2, "install", 3, ["sudo"]),
    ("env -i PATH=/bin A=b pip install x", "pip", 4, "install", 5, ["env"]),
    ("env -u HOME -C /tmp yarn add x", "yarn", 5, "add", 6, ["env"]),
    ("env - FOO=1 npm ci", "npm", 3, "ci", 4, ["env"]),
    ("nice -n 10 apk add x", "apk", 3, "add", 4, ["nice"]),
    ("nice -10 apk add x", "apk", 2, "add", 3, ["nice"]),
    ("time -p make", "make", 2, None, None, ["time"]),
    ("timeout -s KILL 60 gosu app npm install", "npm", 6, "install", 7, ["timeout", "gosu"]),
    ("xargs -r -n 1 apt-get install -y", "apt-get", 4, "install", 5, ["xargs"]),
    ("eatmydata apt-get install -y foo", "apt-get", 1, "install", 2, ["eatmydata"]),
    ("sudo env FOO=1 nice dnf -y install x", "dnf", 4, "install", 6, ["sudo", "env", "nice"]),
    ("python -m pip install x", "pip", 2, "install", 3, ["python"]),
    ("python3 -m pip install x", "pip", 2, "install", 3, ["python"]),
    ("/usr/local/bin/python3.11 -u -m pip install x", "pip", 3, "install", 4, ["python"]),
    ("python -mpip install x", "pip", 1, "install", 2, ["python"]),
    ("python3 -m pipx install black", "pipx", 2, "install", 3, ["python"]),
    ("uv pip install x", "pip", 1, "install", 2, ["uv"]),
    ("uv --no-cache pip install x", "pip", 2, "install", 3, ["uv"]),
    ("pip3 install x", "pip", 0, "install", 1, []),
    ("pip3.12 install x", "pip", 0, "install", 1, []),
    ("pip2 install x", "pip", 0, "install", 1, []),
    ("dnf5 install x", "dnf", 0, "install", 1, []),
    ("yarnpkg add x", "yarn", 0, "add", 1, []),
    ("bundler install", "bundle", 0, "install", 1, []),
    ("composer.phar require a/b", "composer", 0, "require", 1, []),
    ("cargo +nightly install x", "cargo", 0, "install", 2, []),
    ("gem i rails", "gem", 0, "install", 1, []),
    ("zypper in -y x", "zypper", 0, "install", 1, []),
    ("yum groupinstall -y Dev", "yum", 0, "group install", 1, []),
    ("dnf -y module install nodejs:18", "dnf", 0, "module install", 3, []),
    ("yarn global add x", "yarn", 0, "global add", 2, []),
    ("composer global require a/b", "composer", 0, "global require", 2, []),
    ("npm cache clean --force", "npm", 0, "cache clean", 2, []),
    ("npm i -g x", "npm", 0, "install", 1, []),
]


@pytest.mark.parametrize(("text", "tool", "tool_index", "sub", "sub_index", "wrappers"), TOOLS)
def test_tool_subcommand_and_wrappers(
    text: str, tool: str, tool_index: int, sub: str | None, sub_index: int | None, wrappers: list[str]
) -> None:
    m = model(text)
    assert (m.tool, m.tool_index, m.subcommand, m.subcommand_index) == (tool, tool_index, sub, sub_index)
    assert [w.tool for w in m.wrappers] == wrappers
    assert m.argv == tuple(argv(text))


def test_nested_subcommand_keeps_every_word_index() -> None:
    m = model("dnf -y module install nodejs:18")
    assert m.subcommand_indexes == (2, 3)
    assert m.insert_index == 3


def test_wrapper_models_keep_their_own_options_and_operands() -> None:
    m = model("sudo -u app env PIP_NO_CACHE_DIR=1 pip install x")
    sudo, env = m.wrappers
    assert (sudo.tool, opts(sudo)) == ("sudo", [("user", "app", 1, 2, "short")])
    assert [(o.text, o.index) for o in env.operands] == [("PIP_NO_CACHE_DIR=1", 4)]
    assert m.wrapped_by("env") and m.wrapped_by("sudo") and not m.wrapped_by("xargs")


@pytest.mark.parametrize(
    ("text", "tool", "operands"),
    [
        ("sudo $CMD install", "sudo", [(None, 1), ("install", 2)]),
        ("sudo -l", "sudo", []),
        ("sudo", "sudo", []),
        ("command -v apt-get", "command", [("apt-get", 2)]),
        ("env", "env", []),
        ("python -m venv /opt/venv", "python", [("/opt/venv", 3)]),
        ("python3 -c 'import pip' -m pip", "python", [("-m", 3), ("pip", 4)]),
        ("python script.py -m pip", "python", [("script.py", 1), ("-m", 2), ("pip", 3)]),
    ],
)
def test_wrapper_without_a_visible_command_is_its_own_model(
    text: str, tool: str, operands: list[tuple[str | None, int]]
) -> None:
    m = model(text)
    assert m.tool == tool and m.wrappers == ()
    assert [(o.text, o.index) for o in m.operands] == operands


def test_unknown_tool_gets_a_generic_model() -> None:
    m = model("./configure --prefix=/usr -j4 x")
    assert (m.tool, m.known, m.subcommand) == ("configure", False, None)
    assert opts(m) == [
        ("prefix", "/usr", 1, 1, "long="),
        ("j", None, 2, None, "bundle"),
        ("4", None, 2, None, "bundle"),
    ]
    assert [o.text for o in m.operands] == ["x"]


@pytest.mark.parametrize("words", [[], [None], [None, "install", "x"]])
def test_no_model_without_a_static_command_word(words: list[str | None]) -> None:
    assert model_command(words) is None


def test_non_static_subcommand_is_kept_by_index_only() -> None:
    m = model("apt-get $ACTION -y foo")
    assert (m.subcommand, m.subcommand_index, m.packages) == (None, 1, ())
    assert [(o.text, o.index) for o in m.operands] == [("foo", 3)]
    assert m.has_option("yes")


# --------------------------------------------------------------------------- options

OPTIONS = [
    (
        "apt-get install -o Dpkg::Options::=--force-confold -y foo",
        [("option", "Dpkg::Options::=--force-confold", 2, 3, "short"), ("yes", None, 4, None, "short")],
    ),
    (
        "apt-get -yqq install x",
        [
            ("yes", None, 1, None, "bundle"),
            ("quiet", None, 1, None, "bundle"),
            ("quiet", None, 1, None, "bundle"),
        ],
    ),
    ("apt-get -q=2 install x", [("quiet", "2", 1, 1, "attached")]),
    (
        "apt-get -oAPT::Install-Recommends=0 install x",
        [("option", "APT::Install-Recommends=0", 1, 1, "attached")],
    ),
    ("apt-get --assume-yes install x", [("yes", None, 1, None, "long")]),
    ("apt-get install --target-release=bookworm x", [("target-release", "bookworm", 2, 2, "long=")]),
    ("apt-get install --target-release bookworm x", [("target-release", "bookworm", 2, 3, "long")]),
    ("apt-get install --no-install-recommends x", [("no-install-recommends", None, 2, None, "long")]),
    ("dnf install -y x", [("assumeyes", None, 2, None, "short")]),
    (
        "dnf --setopt=install_weak_deps=False install x",
        [("setopt", "install_weak_deps=False", 1, 1, "long=")],
    ),
    ("zypper -n install x", [("non-interactive", None, 1, None, "short")]),
    ("zypper install -n x", [("name", None, 2, None, "short")]),
    ("zypper install -y x", [("no-confirm", None, 2, None, "short")]),
    # Global options go before the command (zypper(8)): after it, -c is not --config.
    (
        "zypper --config /z.conf install -c x",
        [("config", "/z.conf", 1, 2, "long"), ("c", None, 4, None, "short")],
    ),
    ("apk add -U x", [("update-cache", None, 2, None, "short")]),
    ("apk --update add x", [("update-cache", None, 1, None, "long")]),
    ("apk add -X http://repo x", [("repository", "http://repo", 2, 3, "short")]),
    ("pip install -rrequirements.txt", [("requirement", "requirements.txt", 2, 2, "attached")]),
    ("pip --no-cache-dir install x", [("no-cache-dir", None, 1, None, "long")]),
    ("pip install x --no-cache-dir", [("no-cache-dir", None, 3, None, "long")]),
    ("pip install -i https://idx x", [("index-url", "https://idx", 2, 3, "short")]),
    ("npm install --registry=https://r x", [("registry", "https://r", 2, 2, "long=")]),
    ("npm install --loglevel verbose x", [("loglevel", "verbose", 2, 3, "long")]),
    (
        "curl -fsSL https://x.sh",
        [
            ("fail", None, 1, None, "bundle"),
            ("silent", None, 1, None, "bundle"),
            ("show-error", None, 1, None, "bundle"),
            ("location", None, 1, None, "bundle"),
        ],
    ),
    ("curl -fo /tmp/f https://x", [("fail", None, 1, None, "bundle"), ("output", "/tmp/f", 1, 2, "bundle")]),
    (
        "curl -H 'A: b' -X POST https://x",
        [("header", "A: b", 1, 2, "short"), ("request", "POST", 3, 4, "short")],
    ),
    ("wget -qO- https://x", [("quiet", None, 1, None, "bundle"), ("output-document", "-", 1, 1, "bundle")]),
    (
        "wget -nv -P /tmp https://x",
        [("no-verbose", None, 1, None, "short"), ("directory-prefix", "/tmp", 2, 3, "short")],
    ),
    ("wget --progress=dot:giga https://x", [("progress", "dot:giga", 1, 1, "long=")]),
    (
        "tar xzf file.tgz -C /opt",
        [
            ("extract", None, 1, None, "old"),
            ("gzip", None, 1, None, "old"),
            ("file", "file.tgz", 1, 2, "old"),
            ("directory", "/opt", 3, 4, "short"),
        ],
    ),
    (
        "tar -xJf a.tar.xz --strip-components=1",
        [
            ("extract", None, 1, None, "bundle"),
            ("xz", None, 1, None, "bundle"),
            ("file", "a.tar.xz", 1, 2, "bundle"),
            ("strip-components", "1", 3, 3, "long="),
        ],
    ),
    ("tar -xfarchive.tar", [("extract", None, 1, None, "bundle"), ("file", "archive.tar", 1, 1, "bundle")]),
    ("tar cf - .", [("create", None, 1, None, "old"), ("file", "-", 1, 2, "old")]),
    ("unzip -q f.zip -d /opt", [("q", None, 1, None, "short"), ("d", "/opt", 3, 4, "short")]),
    ("rm -rf /tmp/x", [("recursive", None, 1, None, "bundle"), ("force", None, 1, None, "bundle")]),
    ("rm -R -f /tmp/x", [("recursive", None, 1, None, "short"), ("force", None, 2, None, "short")]),
    ("mkdir -p -m 0755 /x", [("parents", None, 1, None, "short"), ("mode", "0755", 2, 3, "short")]),
    ("chmod -R 755 /x", [("recursive", None, 1, None, "short")]),
    ("chmod -x /x", []),
    ("chown -R app:app /x", [("recursive", None, 1, None, "short")]),
    ("useradd -l -u 1000 app", [("no-log-init", None, 1, None, "short"), ("uid", "1000", 2, 3, "short")]),
    (
        "useradd --uid=1000 -G a,b -ms /bin/bash app",
        [
            ("uid", "1000", 1, 1, "long="),
            ("groups", "a,b", 2, 3, "short"),
            ("create-home", None, 4, None, "bundle"),
            ("shell", "/bin/bash", 4, 5, "bundle"),
        ],
    ),
    (
        "adduser -D -u 1000 -G app app",
        [
            ("disabled-password", None, 1, None, "short"),
            ("uid", "1000", 2, 3, "short"),
            ("ingroup", "app", 4, 5, "short"),
        ],
    ),
    (
        "adduser --disabled-password --gecos '' app",
        [("disabled-password", None, 1, None, "long"), ("gecos", "", 2, 3, "long")],
    ),
    ("groupadd -r -g 999 docker", [("system", None, 1, None, "short"), ("gid", "999", 2, 3, "short")]),
    (
        "go build -o /bin/app -ldflags '-s -w' .",
        [("o", "/bin/app", 2, 3, "long"), ("ldflags", "-s -w", 4, 5, "long")],
    ),
    ("go build --race -mod=mod .", [("race", None, 2, None, "long"), ("mod", "mod", 3, 3, "long=")]),
    (
        "composer install -dapp --no-dev",
        [("working-dir", "app", 2, 2, "attached"), ("no-dev", None, 3, None, "long")],
    ),
    ("cargo +nightly build", [("toolchain", "nightly", 1, 1, "plus")]),
    ("cd -P /x", [("P", None, 1, None, "short")]),
    (
        "ln -sfnt /usr/bin /opt/sh",
        [
            ("symbolic", None, 1, None, "bundle"),
            ("force", None, 1, None, "bundle"),
            ("no-dereference", None, 1, None, "bundle"),
            ("target-directory", "/usr/bin", 1, 2, "bundle"),
        ],
    ),
    ("apt-get install -o", [("option", None, 2, None, "short")]),
    ("apt-get install -o $OPT x", [("option", None, 2, 3, "short")]),
]


@pytest.mark.parametrize(("text", "expected"), OPTIONS)
def test_options(text: str, expected: list[tuple[str, str | None, int, int | None, str]]) -> None:
    assert opts(model(text)) == expected


def test_spelled_keeps_how_an_option_was_written() -> None:
    m = model("apt-get --assume-yes -y install x")
    assert [(o.name, o.spelled) for o in m.options] == [("yes", "--assume-yes"), ("yes", "-y")]
    assert m.has_option("-y") and m.has_option("--assume-yes") and not m.has_option("--yes")


def test_double_dash_ends_options() -> None:
    m = model("apt-get install -y -- -weird-package")
    assert m.end_of_options == 3
    assert [(o.text, o.index) for o in m.operands] == [("-weird-package", 4)]
    assert [p.name for p in m.packages] == ["-weird-package"]


def test_options_after_operands_are_options() -> None:
    m = model("apt-get install foo -y --no-install-recommends")
    assert m.has_option("yes") and m.has_option("no-install-recommends")
    assert [p.name for p in m.packages] == ["foo"]


def test_option_helpers() -> None:
    m = model("apt-get -q -q=2 install -t bookworm x")
    assert len(m.options_named("quiet")) == 2
    assert m.option_value("quiet") == "2"  # the last one wins
    assert m.option_value("target-release", "t") == "bookworm"
    assert m.option("yes") is None and m.option_value("yes") is None
    assert m.insert_index == 3


def test_insert_index_without_subcommand_is_the_tool_word() -> None:
    assert model("sudo wget https://x").insert_index == 1


# --------------------------------------------------------------------------- operands

OPERANDS = [
    ("rm -rf /var/lib/apt/lists/*", [("/var/lib/apt/lists/*", 2)], []),
    ("rm -rf $DIR /tmp/x", [(None, 2), ("/tmp/x", 3)], []),
    ("cd /x", [("/x", 1)], []),
    ("cd -", [("-", 1)], []),
    ("curl -fsSL https://get.example.com", [("https://get.example.com", 2)], []),
    ("chmod -x,u+w /x", [("-x,u+w", 1), ("/x", 2)], []),
    ("go run ./cmd/app --flag value", [("./cmd/app", 2)], [("--flag", 3), ("value", 4)]),
    ("go run main.go util.go -v", [("main.go", 2), ("util.go", 3)], [("-v", 4)]),
    ("npm run build -- --prod", [("build", 2)], [("--prod", 4)]),
    ("gem install x:1 -- --with-cflags=-O2", [("x:1", 2)], [("--with-cflags=-O2", 4)]),
    ("cargo run --release -- --port 80", [], [("--port", 4), ("80", 5)]),
    ("pipx run black==24.1 --check .", [("black==24.1", 2)], [("--check", 3), (".", 4)]),
]


@pytest.mark.parametrize(("text", "operands", "passthrough"), OPERANDS)
def test_operands_and_passthrough(
    text: str, operands: list[tuple[str | None, int]], passthrough: list[tuple[str | None, int]]
) -> None:
    m = model(text)
    assert [(o.text, o.index) for o in m.operands] == operands
    assert [(o.text, o.index) for o in m.passthrough] == passthrough


# --------------------------------------------------------------------------- packages and pins

PACKAGES = [
    # apt
    ("apt-get install -y foo", [("foo", None, None, False)]),
    ("apt-get install foo=1.2 bar", [("foo", "=", "1.2", True), ("bar", None, None, False)]),
    ("apt-get install -t bookworm-backports foo", [("foo", None, None, False)]),
    ("apt-get install foo/bookworm-backports", [("foo", "/", "bookworm-backports", True)]),
    ("apt-get install git=1:2.5.0*", [("git", "=", "1:2.5.0*", True)]),
    ("apt-get install ./x_1.0_amd64.deb", [(None, None, None, True)]),
    ("apt-get remove foo", [("foo", None, None, False)]),
    ("apt-get update", []),
    ("apt install -y curl=7.88.1-10", [("curl", "=", "7.88.1-10", True)]),
    ("aptitude install -y vim=2:9.0", [("vim", "=", "2:9.0", True)]),
    # apk
    ("apk add flex=2.6.4-r1", [("flex", "=", "2.6.4-r1", True)]),
    ("apk add git~2.52", [("git", "~", "2.52", True)]),
    (
        "apk add git=~2.52 curl~=8 'py3<3.12' 'x>=1'",
        [
            ("git", "=~", "2.52", True),
            ("curl", "~=", "8", True),
            ("py3", "<", "3.12", True),
            ("x", ">=", "1", True),
        ],
    ),
    ("apk add --no-cache --virtual .deps gcc", [("gcc", None, None, False)]),
    ("apk add -t .deps -X https://repo gcc=12", [("gcc", "=", "12", True)]),
    ("apk add ./pkg-1.0.apk", [(None, None, None, True)]),
    ("apk del .deps", [(".deps", None, None, False)]),
    # yum, dnf, microdnf
    ("yum install -y tomcat", [("tomcat", None, None, False)]),
    ("yum install -y tomcat-9.2", [("tomcat", "-", "9.2", True)]),
    ("dnf install -y git-core-2.51.0-2.fc42", [("git-core", "-", "2.51.0-2.fc42", True)]),
    ("dnf install -y openssl-1:1.1.1k", [("openssl", "-", "1:1.1.1k", True)]),
    ("dnf install -y rpm-sign", [("rpm-sign", None, None, False)]),
    ("dnf install -y java-11-openjdk", [("java-11-openjdk", None, None, False)]),
    ("microdnf install gcc-c++-1.1.1", [("gcc-c++", "-", "1.1.1", True)]),
    ("dnf install -y https://x/y.rpm ./z.rpm", [(None, None, None, True), (None, None, None, True)]),
    (
        "dnf module install -y nodejs:18/common nginx",
        [("nodejs", ":", "18/common", True), ("nginx", None, None, False)],
    ),
    ("dnf group install -y 'Development Tools'", [("Development Tools", None, None, True)]),
    ("dnf install -y @development", [("development", None, None, True)]),
    ("dnf clean all", []),
    # zypper
    ("zypper install -y tomcat", [("tomcat", None, None, False)]),
    (
        "zypper install -y tomcat=9.0.39 'x>=1' 'y<2'",
        [("tomcat", "=", "9.0.39", True), ("x", ">=", "1", True), ("y", "<", "2", True)],
    ),
    ("zypper install -y virtualbox-ose-2.0.6", [("virtualbox-ose", "-", "2.0.6", True)]),
    (
        "zypper install -y virtualbox-ose = 2.0.6 vim",
        [("virtualbox-ose", "=", "2.0.6", True), ("vim", None, None, False)],
    ),
    ("zypper in -t pattern lamp_server", [("lamp_server", None, None, False)]),
    ("zypper in pattern:lamp_server", [("lamp_server", None, None, True)]),
    # pip, pipx, uv pip
    ("pip install flask", [("flask", None, None, False)]),
    (
        "pip install flask==2.0.1 'Django>=4,<5' 'x~=1.2' 'y===3' 'z!=1'",
        [
            ("flask", "==", "2.0.1", True),
            ("Django", ">=", "4,<5", True),
            ("x", "~=", "1.2", True),
            ("y", "===", "3", True),
            ("z", "!=", "1", True),
        ],
    ),
    ("pip install 'requests[socks]==2.31'", [("requests", "==", "2.31", True)]),
    ("pip install 'uvicorn[standard]'", [("uvicorn", None, None, False)]),
    ("pip install -r requirements.txt -c constraints.txt", []),
    ("pip install -e . -r req.txt x==1", [("x", "==", "1", True)]),
    ("pip install .", [(None, None, None, True)]),
    ("pip install ./dist/app-1.0-py3-none-any.whl", [(None, None, None, True)]),
    ("pip install git+https://github.com/a/b.git@v1.0#egg=b", [("b", "@", "v1.0", True)]),
    ("pip install git+https://github.com/a/b.git#egg=b", [("b", None, None, False)]),
    ("pip install git+ssh://git@github.com/a/b.git", [(None, None, None, False)]),
    ("pip install 'pkg @ https://x/pkg-1.0.whl'", [("pkg", None, None, True)]),
    ("pip install --no-cache-dir --root-user-action ignore poetry==1.8.5", [("poetry", "==", "1.8.5", True)]),
    ("pip uninstall -y foo", [("foo", None, None, False)]),
    ("pip freeze", []),
    ("pipx install --python python3.11 poetry==1.8.5", [("poetry", "==", "1.8.5", True)]),
    ("pipx inject myvenv a b==1", [("a", None, None, False), ("b", "==", "1", True)]),
    ("uv pip install --system -r req.txt x==1", [("x", "==", "1", True)]),
    # npm, yarn, pnpm
    ("npm install", []),
    ("npm install express@4.1.1 sax", [("express", "@", "4.1.1", True), ("sax", None, None, False)]),
    (
        "npm install @myorg/pkg@^1 @myorg/other",
        [("@myorg/pkg", "@", "^1", True), ("@myorg/other", None, None, False)],
    ),
    ("npm install express@latest", [("express", "@", "latest", False)]),
    ("npm install git+https://github.com/npm/npm.git#v1.0.27", [(None, "#", "v1.0.27", True)]),
    ("npm install git://github.com/npm/npm.git", [(None, None, None, False)]),
    ("npm install user/repo#main other/repo", [(None, "#", "main", True), (None, None, None, False)]),
    ("npm install ./folder pkg.tgz https://r/x.tgz", [(None, None, None, True)] * 3),
    ("npm ci", []),
    ("yarn add react@18.2.0 -D lodash", [("react", "@", "18.2.0", True), ("lodash", None, None, False)]),
    ("yarn global add @vue/cli@5", [("@vue/cli", "@", "5", True)]),
    ("yarn install --frozen-lockfile", []),
    ("pnpm add -g pnpm@8.15.0", [("pnpm", "@", "8.15.0", True)]),
    # gem, bundle
    ("gem install bundler", [("bundler", None, None, False)]),
    ("gem install bundler:2.4.0 rake", [("bundler", ":", "2.4.0", True), ("rake", None, None, False)]),
    ("gem install bundler -v 2.4.0", [("bundler", "-v", "2.4.0", True)]),
    ("gem install bundler --version='~> 2.4'", [("bundler", "--version", "~> 2.4", True)]),
    ("gem install bundler -v $BUNDLER_VERSION", [("bundler", "-v", None, None)]),
    ("gem install -N --no-document rails:7.1", [("rails", ":", "7.1", True)]),
    ("bundle add rails --version '~> 7.1'", [("rails", "--version", "~> 7.1", True)]),
    ("bundle install --jobs 4", []),
    # go
    ("go install example.com/cmd@v1.2.3", [("example.com/cmd", "@", "v1.2.3", True)]),
    ("go install example.com/cmd@latest", [("example.com/cmd", "@", "latest", False)]),
    ("go install -ldflags '-s' example.com/cmd", [("example.com/cmd", None, None, False)]),
    ("go install ./cmd/...", [(None, None, None, True)]),
    ("go get -u example.com/lib@v0.1.0", [("example.com/lib", "@", "v0.1.0", True)]),
    ("go mod download golang.org/x/net@v0.20.0", [("golang.org/x/net", "@", "v0.20.0", True)]),
    ("go build ./...", []),
    # cargo
    ("cargo install ripgrep", [("ripgrep", None, None, False)]),
    ("cargo install ripgrep@14.1.0", [("ripgrep", "@", "14.1.0", True)]),
    ("cargo install ripgrep --version 14.1.0 --locked", [("ripgrep", "--version", "14.1.0", True)]),
    ("cargo install --git https://github.com/a/b --tag v1 b", [("b", "--tag", "v1", True)]),
    ("cargo install --git https://github.com/a/b", [(None, None, None, False)]),
    ("cargo install --path .", [(None, None, None, True)]),
    # composer
    ("composer require vendor/pkg:^1.2", [("vendor/pkg", ":", "^1.2", True)]),
    (
        "composer require vendor/pkg=1.2 other/pkg",
        [("vendor/pkg", "=", "1.2", True), ("other/pkg", None, None, False)],
    ),
    (
        "composer require vendor/pkg 1.2 php:^8.1",
        [("vendor/pkg", " ", "1.2", True), ("php", ":", "^8.1", True)],
    ),
    ("composer require 'vendor/pkg ^2'", [("vendor/pkg", " ", "^2", True)]),
    (
        "composer require vendor/a ext-json",
        [("vendor/a", None, None, False), ("ext-json", None, None, False)],
    ),
    ("composer require vendor/pkg:*", [("vendor/pkg", ":", "*", False)]),
    ("composer create-project laravel/laravel:^10 app", [("laravel/laravel", ":", "^10", True)]),
    ("composer install --no-dev", []),
]


@pytest.mark.parametrize(("text", "expected"), PACKAGES)
def test_packages(text: str, expected: list[tuple[str | None, str | None, str | None, bool | None]]) -> None:
    assert pins(model(text)) == expected


def test_package_indexes_point_at_the_words() -> None:
    m = model("apt-get install -o A=b -y foo=1 bar")
    assert [(p.spec, p.index, p.version_index) for p in m.packages] == [("foo=1", 5, 5), ("bar", 6, None)]
    m = model("gem install bundler --version 2.4.0")
    assert [(p.index, p.version_index) for p in m.packages] == [(2, 4)]
    m = model("composer require vendor/pkg 1.2")
    assert [(p.index, p.version_index) for p in m.packages] == [(2, 3)]


def test_package_kinds() -> None:
    kinds = [p.kind for p in model("npm install a ./b c.tgz https://d/e git://f/g u/r").packages]
    assert kinds == ["name", "path", "file", "url", "vcs", "vcs"]
    kinds = [p.kind for p in model("dnf install a @g x.rpm $PKG").packages]
    assert kinds == ["name", "group", "file", "unknown"]


def test_non_static_package_words_are_kept_but_not_guessed() -> None:
    m = model("apt-get install -y $PACKAGES curl=8")
    first, second = m.packages
    assert first == Package(None, None, None, 3, None, "unknown")
    assert first.pinned is None
    assert (second.name, second.pinned) == ("curl", True)


def test_xargs_marks_the_package_list_incomplete() -> None:
    m = model("xargs apt-get install -y")
    assert m.wrapped_by("xargs") and m.packages == ()


# --------------------------------------------------------------------------- hadolint's cases, restated

# (source, RUN command, [(name, pinned)]) for the command the rule looks at.
HADOLINT_PACKAGES = [
    ("DL3008Spec.hs:15", "apt-get install python", [("python", False)]),
    ("DL3008Spec.hs:24", "apt-get -yqq --no-install-recommends install nodejs=0.10", [("nodejs", True)]),
    ("DL3008Spec.hs:39", "apt-get install -y python=1.2.2", [("python", True)]),
    ("DL3008Spec.hs:42", "apt-get install ./wkhtmltox_0.12.5-1.bionic_amd64.deb", [(None, True)]),
    (
        "DL3008Spec.hs:62",
        "apt-get install -y --no-install-recommends -t jessie-backports openjdk-8-jdk=8u131-b11-1~bpo8+1",
        [("openjdk-8-jdk", True)],
    ),
    ("DL3018Spec.hs:14", "apk add flex", [("flex", False)]),
    ("DL3018Spec.hs:21", "apk add --no-cache git~2.52.0", [("git", True)]),
    (
        "DL3018Spec.hs:73",
        "apk add --no-cache flex=2.6.4-r1 libffi python2=2.7.13-r1 libbz2=1.0.6-r5",
        [("flex", True), ("libffi", False), ("python2", True), ("libbz2", True)],
    ),
    (
        "DL3018Spec.hs:86",
        "apk add --virtual build-dependencies python-dev=1.1.1 build-base=2.2.2",
        [("python-dev", True), ("build-base", True)],
    ),
    (
        "DL3018Spec.hs:96",
        "apk add --no-cache --repository https://nl.alpinelinux.org/x flow=0.78.0-r0",
        [("flow", True)],
    ),
    (
        "DL3018Spec.hs:116",
        "apk add --no-cache -X https://nl.alpinelinux.org/x flow=0.78.0-r0",
        [("flow", True)],
    ),
    ("DL3018Spec.hs:120", "apk add mypackage-1.1.1.apk", [(None, True)]),
    ("DL3013Spec.hs:14", "pip2 install MySQL_python", [("MySQL_python", False)]),
    ("DL3013Spec.hs:52", "pip3 install --build /opt/yamllint yamllint==1.20.0", [("yamllint", True)]),
    ("DL3013Spec.hs:64", "pip3 install --trusted-host host example==1.2.2", [("example", True)]),
    ("DL3013Spec.hs:70", "python -m pip install example", [("example", False)]),
    (
        "DL3013Spec.hs:73",
        "pip install git+https://github.com/rtfd/r-ext.git@0.6-alpha#egg=r-ext",
        [("r-ext", True)],
    ),
    (
        "DL3013Spec.hs:86",
        "pip install git+https://github.com/rtfd/read-ext.git#egg=read-ext",
        [("read-ext", False)],
    ),
    ("DL3013Spec.hs:99", "pip install foo/bar", [(None, True)]),
    ("DL3013Spec.hs:122", "pip install MySQL_python==1.2.2 --user", [("MySQL_python", True)]),
    ("DL3013Spec.hs:172", "pipx install black", [("black", False)]),
    ("DL3013Spec.hs:175", 'pipx install --python "$(which python)" "poetry==1.8.5"', [("poetry", True)]),
    ("DL3013Spec.hs:181", "pip install --root-user-action=ignore mypkg", [("mypkg", False)]),
    ("DL3016Spec.hs:22", 'npm install @myorg/privatepackage@">=0.1.0"', [("@myorg/privatepackage", True)]),
    ("DL3016Spec.hs:25", 'npm install express@"4.1.1" sax@0.1.1', [("express", True), ("sax", True)]),
    ("DL3016Spec.hs:62", "npm install git+http://isaacs@github.com/npm/npm#semver:^5.0", [(None, True)]),
    ("DL3016Spec.hs:98", "npm install @myorg/privatepackage", [("@myorg/privatepackage", False)]),
    ("DL3016Spec.hs:107", "npm install git+ssh://git@github.com:npm/npm.git", [(None, False)]),
    ("DL3016Spec.hs:126", "npm install --registry https://example.com sax@0.1.1", [("sax", True)]),
    ("DL3016Spec.hs:132", "npm install --registry=https://example.com express", [("express", False)]),
    ("DL3028Spec.hs:22", "gem i bunlder:1 nokogiri", [("bunlder", True), ("nokogiri", False)]),
    ("DL3028Spec.hs:34", "gem install bundler -v '2.0.1'", [("bundler", True)]),
    ("DL3028Spec.hs:43", "gem install bundler:2.0.1 -- --use-system-libraries=true", [("bundler", True)]),
    ("DL3033Spec.hs:25", "yum install -y openssl-1:1.1.1k", [("openssl", True)]),
    ("DL3033Spec.hs:37", "yum module install -y tomcat", [("tomcat", False)]),
    ("DL3033Spec.hs:41", "yum module install -y tomcat:9", [("tomcat", True)]),
    ("DL3033Spec.hs:67", "yum -y install git-core-$version", [(None, None)]),
    ("DL3037Spec.hs:20", "zypper install -y tomcat\\>=9.0", [("tomcat", True)]),
    ("DL3037Spec.hs:24", "zypper install -y tomcat-9.0.39-1.rpm", [(None, True)]),
    ("DL3041Spec.hs:21", "dnf install -y rpm-sign", [("rpm-sign", False)]),
    ("DL3041Spec.hs:40", "dnf install -y rpm-sign-4.16.1.3", [("rpm-sign", True)]),
    ("DL3041Spec.hs:46", "dnf install -y gcc-c++-1.1.1", [("gcc-c++", True)]),
    ("DL3041Spec.hs:58", "microdnf module install -y tomcat", [("tomcat", False)]),
    (
        "DL3041Spec.hs:72",
        'dnf -y --setopt=group_package_types="mandatory" group install "Development Tools"',
        [],
    ),
    ("DL3062Spec.hs:17", "go install example.com/pkg@latest", [("example.com/pkg", False)]),
    ("DL3062Spec.hs:30", "go install .", [(None, True)]),
    ("DL3062Spec.hs:46", "go get -tool foobar", [("foobar", False)]),
    ("DL3062Spec.hs:52", "go get -tool foobar@v1.2.3", [("foobar", True)]),
    ("DL3062Spec.hs:76", "go run example.com/pkg@v1.2.3 --foo bar", [("example.com/pkg", True)]),
]


@pytest.mark.parametrize(
    ("source", "text", "expected"), HADOLINT_PACKAGES, ids=[c[0] for c in HADOLINT_PACKAGES]
)
def test_hadolint_cases_as_packages(
    source: str, text: str, expected: list[tuple[str | None, bool | None]]
) -> None:
    m = model(text)
    packages = m.packages if m.subcommand != "group install" else ()
    assert [(p.name, p.pinned) for p in packages] == expected


# Which commands each pinning rule reads (hadolint's Shell.cmdHasArgs selection).
RULE_COMMANDS = {
    "DL3008": ({"apt-get"}, {"install"}),
    "DL3018": ({"apk"}, {"add"}),
    "DL3013": ({"pip", "pipx"}, {"install"}),
    "DL3016": ({"npm"}, {"install"}),
    "DL3028": ({"gem"}, {"install"}),
    "DL3033": ({"yum"}, {"install", "module install"}),
    "DL3037": ({"zypper"}, {"install"}),
    "DL3041": ({"dnf", "microdnf"}, {"install", "module install"}),
    "DL3062": ({"go"}, {"install", "get", "run"}),
}

# Cases whose hadolint verdict the command model alone cannot (or deliberately does not) give.
HADOLINT_DIVERGENCES = {
    # The version is a variable declared in another, unrelated stage: only the variables
    # model can tell it is undefined; to the command model the word is not static.
    ("DL3033", 106): "stage-aware variable",
    ("DL3041", 137): "stage-aware variable",
    # gem has no --use-system-libraries option (it belongs after --), so "true" is an
    # operand, i.e. an unpinned gem; hadolint does not flag it.
    ("DL3028", 49): "unknown gem option followed by a word",
}


def _simple_commands(dockerfile: str) -> list[list[str | None]]:
    """The simple commands of the RUN lines, split like a shell would (for these cases)."""
    commands: list[list[str | None]] = []
    for line in dockerfile.replace("\\\n", " ").splitlines():
        if not line.startswith("RUN "):
            continue
        lexer = shlex.shlex(line[4:], posix=True, punctuation_chars="&|;")
        lexer.whitespace_split = True
        lexer.commenters = ""
        current: list[str | None] = []
        for token in lexer:
            if token in ("&&", "||", "|", ";"):
                commands.append(current)
                current = []
            else:
                current.append(None if "$" in token else token)
        commands.append(current)
    return [c for c in commands if c]


def _violates(rule: str, dockerfile: str) -> bool:
    tools, subcommands = RULE_COMMANDS[rule]
    for words in _simple_commands(dockerfile):
        m = model_command(words)
        if m is None or m.tool not in tools or m.subcommand not in subcommands:
            continue
        if rule == "DL3013" and m.has_option("requirement", "constraint"):
            continue  # hadolint: -r / -c install what the files pin
        if any(p.pinned is False for p in m.packages):
            return True
    return False


def _hadolint_cases() -> list[dict[str, object]]:
    path = shared_path("conformance", "hadolint", "cases.json")
    return [c for c in json.loads(path.read_text()) if c["rule"] in RULE_COMMANDS]


def test_hadolint_pin_cases() -> None:
    cases = _hadolint_cases()
    assert len(cases) >= 150
    wrong = []
    for case in cases:
        key = (str(case["rule"]), int(str(case["source_line"])))
        ours = _violates(key[0], str(case["dockerfile"]))
        agrees = ours == case["expect_violation"]
        if agrees == (key in HADOLINT_DIVERGENCES):
            wrong.append((key, case["dockerfile"], case["expect_violation"], ours))
    assert wrong == []


def test_restated_hadolint_cases_exist_in_the_shared_file() -> None:
    index = {(str(c["source"]).rsplit("/", 1)[-1], int(str(c["source_line"]))) for c in _hadolint_cases()}
    for source, _text, _expected in HADOLINT_PACKAGES:
        name, line = source.split(":")
        assert (name, int(line)) in index, source
