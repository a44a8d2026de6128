"""The security rules (DF501-DF505) on cases harder than their docs' examples:
continuation lines, heredoc scripts, ``set -eux;`` prefixes, ``sh -c`` nesting, ONBUILD
triggers, multi-stage files where only the shipped image matters, variables from ARG
and ENV, and the exact text each finding spans."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.checks.security.downloads import http_host, is_local, script_source
from dflint.checks.security.secret_in_arg_or_env import secret_tokens
from dflint.engine import Settings, lint_text
from dflint.model.commands import model_command

RULES = builtin_rules()


def spans(text: str, rule: str) -> list[tuple[int, str]]:
    """(line, spanned text) of each finding of ``rule``."""
    result = lint_text(text, "Dockerfile", Settings(rules=RULES, enabled=frozenset({rule})))
    assert not result.internal_errors
    assert all(d.rule == rule for d in result.diagnostics)
    return [(d.start.line, text[d.offset : d.end_offset]) for d in result.diagnostics]


# -- DF501 root-user ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM debian:12\nUSER root\n", [(2, "root")]),
        ("FROM debian:12\nUSER 0:0\n", [(2, "0:0")]),
        ("FROM debian:12\nUSER 00\n", [(2, "00")]),
        ("FROM debian:12\nUSER root:staff\n", [(2, "root:staff")]),
        ("FROM debian:12\nUSER \\\n    root\n", [(3, "root")]),  # the value, on its own line
        ("FROM debian:12\nUSER root\nRUN id\nUSER 10001\n", []),
        ("FROM debian:12\nUSER 1000:0\n", []),  # group root, user not
        ("FROM debian:12\nUSER rootless\n", []),
        ("FROM debian:12\nRUN id\n", []),  # no USER: not this rule's question
    ],
)
def test_root_user_values(text: str, expected: list) -> None:  # type: ignore[type-arg]
    assert spans(text, "DF501") == expected


def test_root_user_every_stage() -> None:
    """Each stage's last USER, as hadolint's DL3002: any stage can be built with --target."""
    builder = "FROM golang:1.22 AS build\nUSER root\nRUN go build ./...\n"
    assert spans(builder + "FROM scratch\nCOPY --from=build /app /app\nUSER 65532\n", "DF501") == [
        (2, "root")
    ]
    assert spans(builder + "FROM scratch\nCOPY --from=build /app /app\n", "DF501") == [(2, "root")]
    assert spans(builder + 'FROM build\nCMD ["/app"]\n', "DF501") == [(2, "root")]  # reported once
    assert spans(builder + "FROM build\nUSER 10001\n", "DF501") == [(2, "root")]
    assert spans(builder + "USER 10001\nFROM build\nRUN id\n", "DF501") == []
    chain = "FROM debian:12 AS a\nUSER root\nUSER 1000\nFROM a AS b\nUSER 0\nRUN id\nUSER 1000\nFROM b\n"
    assert spans(chain, "DF501") == []  # every stage switches back


def test_root_user_messages() -> None:
    def messages(text: str) -> list[str]:
        result = lint_text(text, "Dockerfile", Settings(rules=RULES, enabled=frozenset({"DF501"})))
        return [d.message for d in result.diagnostics]

    builder = "FROM golang:1.22 AS build\nUSER root\n"
    assert messages(builder + "FROM scratch\nUSER 65532\n")[0].startswith("Stage `build` ends as root")
    assert messages(builder + "FROM build\n")[0].startswith("The image runs as root")
    assert "built FROM this one" in messages(builder + "FROM build\n")[0]
    assert messages("FROM debian:12\nUSER 0\nFROM scratch\n")[0].startswith("Stage 0 ends as root")


def test_root_user_value_as_buildkit_reads_it() -> None:
    assert spans("FROM debian:12\nUSER root \n", "DF501") == [(2, "root")]  # hadolint misses it


def test_root_user_variables() -> None:
    assert spans("FROM alpine:3.20\nARG RUNAS=root\nUSER ${RUNAS}:${RUNAS}\n", "DF501") == [
        (3, "${RUNAS}:${RUNAS}")
    ]
    assert spans("FROM alpine:3.20\nENV RUNAS=0\nUSER $RUNAS\n", "DF501") == [(3, "$RUNAS")]
    assert spans("FROM alpine:3.20\nARG RUNAS\nUSER $RUNAS\n", "DF501") == []  # the build decides
    assert spans("FROM alpine:3.20\nUSER $RUNAS\n", "DF501") == []  # the base image may set it
    # a global ARG is not seen in the stage unless declared again
    assert spans("ARG RUNAS=root\nFROM alpine:3.20\nUSER ${RUNAS:-app}\n", "DF501") == []
    assert spans("ARG RUNAS=root\nFROM alpine:3.20\nARG RUNAS\nUSER ${RUNAS:-app}\n", "DF501") == [
        (4, "${RUNAS:-app}")
    ]


def test_root_user_onbuild_is_the_next_image() -> None:
    assert spans("FROM debian:12\nUSER 10001\nONBUILD USER root\n", "DF501") == []
    assert spans("FROM debian:12\nUSER root\nONBUILD USER 10001\n", "DF501") == [(2, "root")]


# -- DF505 non-numeric-user -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM debian:12\nUSER app\n", [(2, "app")]),
        ("FROM debian:12\nUSER app:app\n", [(2, "app:app")]),
        ("FROM debian:12\nUSER 10001:app\n", []),  # the group does not decide root
        ("FROM debian:12\nUSER 10001\n", []),
        ("FROM debian:12\nUSER root\n", [(2, "root")]),  # uid 0 is `USER 0`
        ("FROM debian:12\nUSER root:root\nUSER 0:0\n", [(2, "root:root")]),
        ("FROM debian:12\nUSER app\nRUN id\nUSER 10001\n", [(2, "app")]),  # replaced, still a name
        ('FROM debian:12\nUSER "10001"\n', []),  # BuildKit removes the quotes
        ("FROM debian:12\nUSER 313\t\n", []),  # and the trailing blanks
        ("FROM debian:12\nUSER \\\n    app\n", [(3, "app")]),
        ("FROM debian:12\nENV NAME=app\nUSER $NAME\n", [(3, "$NAME")]),
        ("FROM debian:12\nENV APP_UID=1654\nUSER $APP_UID\n", []),  # hadolint reports it
        ("FROM debian:12\nCOPY --chown=app:app . /src\nUSER 10001\n", []),
        ("FROM debian:12\nONBUILD USER app\n", []),  # the downstream image's
    ],
)
def test_non_numeric_user_values(text: str, expected: list) -> None:  # type: ignore[type-arg]
    assert spans(text, "DF505") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ARG declared before: the build chooses the user, default or not (hadolint's exception)
        ("FROM debian:12\nARG NAME=app\nUSER $NAME\n", []),
        ("FROM debian:12\nARG UID=10001\nUSER $UID\n", []),
        ("ARG APP_UID\nFROM debian:12\nUSER ${APP_UID}\n", []),
        ("ARG U\nFROM debian:12\nUSER $U\n", []),
        ("FROM debian:12\nARG G\nUSER app:$G\n", [(3, "app:$G")]),  # only the user part counts
        ("FROM debian:12\nUSER $U\nARG U\n", [(2, "$U")]),  # declared after
        # the base image's variables: a uid by its name, else a user name
        ("FROM mcr.microsoft.com/dotnet/aspnet:8.0\nUSER $APP_UID\n", []),
        ("FROM quay.io/jupyter/base-notebook\nUSER ${NB_UID}:${NB_GID}\n", []),
        ("FROM linuxserver/x\nUSER $PUID\n", []),
        ("FROM quay.io/jupyter/base-notebook\nUSER $NB_USER\n", [(2, "$NB_USER")]),
        ("FROM quay.io/jupyter/base-notebook\nUSER ${NB_USER:-jovyan}\n", [(2, "${NB_USER:-jovyan}")]),
        ("FROM scratch\nUSER $NOBODY\n", []),  # nothing sets it: empty, not a name
    ],
)
def test_non_numeric_user_variables(text: str, expected: list) -> None:  # type: ignore[type-arg]
    assert spans(text, "DF505") == expected


def test_non_numeric_user_every_stage_and_not_windows() -> None:
    text = "FROM node:20 AS build\nUSER node\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /a /a\nUSER 1000\n"
    assert spans(text, "DF505") == [(2, "node")]
    assert spans('FROM node:20 AS base\nUSER node\nFROM base\nCMD ["node"]\n', "DF505") == [(2, "node")]
    result = lint_text(text, "Dockerfile", Settings(rules=RULES, enabled=frozenset({"DF505"})))
    assert result.diagnostics[0].message.startswith("`USER node` gives the user by name")
    result = lint_text(
        "FROM debian:12\nUSER app\n", "Dockerfile", Settings(rules=RULES, enabled=frozenset({"DF505"}))
    )
    assert result.diagnostics[0].message.startswith("The image runs as user `app`, a name")
    windows = "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n"
    assert spans(windows, "DF505") == []
    powershell = 'FROM debian:12\nSHELL ["pwsh", "-Command"]\nUSER app\n'
    assert spans(powershell, "DF505") == []


# -- DF502 secret-in-arg-or-env ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "AWS_SECRET_ACCESS_KEY",
        "aws_access_key_id",
        "NPM_TOKEN",
        "api_key",
        "KEY",
        "AUTH",
        "GOOGLE_CREDENTIALS",
        "DB_PASSWD",
        "VNC_PWORD",
        "GPG_PASSPHRASE",  # a passphrase is secret even next to gpg
        "DBPASSWORD",
        "dbPassword",
        "OKTA_OAUTH2_CLIENTSECRET",
        "GITHUBTOKEN",
        "AWS_ACCESSKEY",
        "SSH_PRIVATEKEY",
        "MY_SECRETS",
        "REFRESH_TOKENS",
        "USERNAME",  # hadolint's: half of a login
        "DB_USERNAME",
        "MYUSERNAME",
    ],
)
def test_secret_names(name: str) -> None:
    assert secret_tokens(name)


@pytest.mark.parametrize(
    "name",
    [
        "NODE_VERSION",
        "PYTHON_VERSION",
        "GPG_KEY",
        "GPG_KEYS",
        "RABBITMQ_PGP_KEY_ID",
        "OPENSSL_PGP_KEY_IDS",
        "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE",
        "NEXT_PUBLIC_POSTHOG_KEY",
        "PUFFERD_AUTH_PUBLICKEY",
        "POSTGRES_PASSWORD_FILE",
        "DOCKER_AUTH_VERSION",
        "KEY_DIR",
        "OAUTH2_TOKEN_ENDPOINT",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "LDAP_AUTH_ENABLE",
        "RSA_KEY_SIZE",
        "TOKENIZERS_PARALLELISM",
        "KEYS_AMOUNT",
        "KEYCLOAK_URL",
        "MONKEY",
        "OAUTH_CLIENT_ID",
        "USER_NAME",
        "DB_USERNAME_FILE",
    ],
)
def test_not_secret_names(name: str) -> None:
    assert secret_tokens(name) == []


def test_secret_spans_and_instructions() -> None:
    text = (
        "ARG NPM_TOKEN\n"
        "FROM node:20\n"
        "ARG BUILD=1 NPM_TOKEN\n"
        "ENV NODE_ENV=production \\\n"
        "    DB_PASSWORD=${DB_PASSWORD} \\\n"
        "    GPG_KEY=0xABCDEF\n"
        "ENV API_KEY abc123\n"
        "ONBUILD ARG GITHUB_TOKEN\n"
    )
    assert spans(text, "DF502") == [
        (1, "NPM_TOKEN"),  # a global ARG too
        (3, "NPM_TOKEN"),
        (5, "DB_PASSWORD"),  # the key, on its own continuation line
        (7, "API_KEY"),  # legacy `ENV key value`
        (8, "GITHUB_TOKEN"),
    ]


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        ("ENV USE_GKE_GCLOUD_AUTH_PLUGIN=True", False),
        ("ENV DISABLE_AUTH=0", False),
        ('ENV NPM_TOKEN=""', True),  # empty: as hadolint and BuildKit, still the secret's variable
        ("ENV SECRET_KEY=", True),
        ('ARG SECRET_KEY=""', True),  # an empty default: --build-arg gives the secret
        ("ENV SSL_KEY /etc/ssl/private/site.key", False),
        ("ENV GOOGLE_APPLICATION_CREDENTIALS=./keys/sa.json", False),
        ("ENV SLACK_TOKEN=https://hooks.slack.com/services/T0/B0/XXXX", True),  # a URL can be the secret
        ("ENV POSTGRES_PASSWORD=postgres", True),
        ("ENV PIN_PASSWORD=1234", True),
        ("ENV SECRET_KEY=$SECRET_KEY", True),
        ("ARG SECRET_KEY", True),
    ],
)
def test_secret_values_that_cannot_be_secrets(line: str, reported: bool) -> None:
    assert bool(spans(f"FROM alpine:3.20\n{line}\n", "DF502")) is reported


def test_secret_messages() -> None:
    def message(line: str) -> str:
        text = f"FROM alpine:3.20\n{line}\n"
        result = lint_text(text, "Dockerfile", Settings(rules=RULES, enabled=frozenset({"DF502"})))
        return result.diagnostics[0].message

    assert "it is empty here" in message("ENV DB_PASSWORD=")
    assert "part of the image config" in message("ENV DB_PASSWORD=changeme")
    assert "image history" in message("ARG DB_PASSWORD")
    assert "a login's user name" in message("ARG REGISTRY_USERNAME")
    assert "a secret" in message("ARG REGISTRY_USERNAME_TOKEN")


# -- DF503 curl-pipe-to-shell ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "spanned"),
    [
        ("curl -fsSL https://get.example.com | sh", "curl -fsSL https://get.example.com | sh"),
        (
            "set -eux; curl -sL https://x.io/setup | sudo -E bash -",
            "curl -sL https://x.io/setup | sudo -E bash -",
        ),
        ("wget -qO- https://x.io/i.sh | bash -s -- --yes", "wget -qO- https://x.io/i.sh | bash -s -- --yes"),
        ("wget -O - https://x.io/i.sh | sh", "wget -O - https://x.io/i.sh | sh"),
        ("curl -o- https://x.io/i.sh | bash", "curl -o- https://x.io/i.sh | bash"),
        ("curl https://x.io/i.sh | tee /tmp/log | sh -x", "curl https://x.io/i.sh | tee /tmp/log | sh -x"),
        ("curl https://x.io/i.sh | bash /dev/stdin --v 1", "curl https://x.io/i.sh | bash /dev/stdin --v 1"),
        ("curl https://x.io/get-pip.py | python3 -", "curl https://x.io/get-pip.py | python3 -"),
        ("curl https://x.io/get-pip.py | python3", "curl https://x.io/get-pip.py | python3"),
        ("curl -sS https://getcomposer.org/installer | php -- --filename=composer", None),
        ("curl -L https://cpanmin.us | perl - App::cpanminus", None),
        ("curl https://x.io/i.js | node", None),
        ("curl https://x.io/i.sh | GOSS_DST=/usr/local/bin sh", None),
        (
            'sh -c "$(curl -fsSL https://x.io/i.sh)" "" --unattended',
            'sh -c "$(curl -fsSL https://x.io/i.sh)" "" --unattended',
        ),
        ('/bin/bash -ec "$(wget -O- https://x.io/i.sh)"', None),
        ("bash <(curl -s https://x.io/i.sh)", "bash <(curl -s https://x.io/i.sh)"),
        ('eval "$(curl -sL https://x.io/env.sh)"', 'eval "$(curl -sL https://x.io/env.sh)"'),
        ("source <(curl -s https://x.io/env.sh)", None),
        ('python3 -c "$(curl -s https://x.io/x.py)"', None),
        ("php -n -f <(curl -s https://x.io/i.php)", None),
    ],
)
def test_curl_pipe_to_shell_fires(run: str, spanned: str | None) -> None:
    assert spans(f"FROM debian:12\nRUN {run}\n", "DF503") == [(2, spanned or run)]


@pytest.mark.parametrize(
    "run",
    [
        "curl -fsSLo /tmp/i.sh https://x.io/i.sh && sh /tmp/i.sh",
        "curl -fsSL https://x.io/i.sh -o i.sh | sh",  # nothing on the pipe
        "curl -O https://x.io/i.sh | sh",
        "wget https://x.io/i.sh | sh",  # wget writes a file unless -O -
        "curl -s https://x.io/v.json | python3 -c 'import json,sys; print(json.load(sys.stdin))'",
        "curl -s https://x.io/v.json | node -e 'process.stdin.pipe(process.stdout)'",
        "curl -s https://x.io/data | perl -ne 'print if /x/'",
        "curl -s https://x.io/data | sh ./filter.sh",
        "curl -s https://x.io/data | bash -c 'cat > /tmp/x'",
        "curl -s https://x.io/a.tgz | tar -xz",
        "curl -s https://x.io/key.asc | gpg --import",
        "curl -s https://x.io/i.sh; sh",  # not a pipe
        'echo "$(curl -s https://x.io/v)" > /v',
        "bash -c 'echo ok' $(curl -s https://x.io/v)",  # the download is an argument, not the code
    ],
)
def test_curl_pipe_to_shell_quiet(run: str) -> None:
    assert spans(f"FROM debian:12\nRUN {run}\n", "DF503") == []


def test_curl_pipe_to_shell_in_hard_places() -> None:
    continued = "FROM debian:12\nRUN set -eux; \\\n    curl -fsSL https://x.io/i.sh \\\n    | bash -s -- -y\n"
    assert spans(continued, "DF503") == [(3, "curl -fsSL https://x.io/i.sh \\\n    | bash -s -- -y")]
    heredoc = "FROM debian:12\nRUN <<EOF\nset -eux\ncurl -fsSL https://x.io/i.sh | sh\nEOF\n"
    assert spans(heredoc, "DF503") == [(4, "curl -fsSL https://x.io/i.sh | sh")]
    nested = "FROM debian:12\nRUN sh -c 'curl -fsSL https://x.io/i.sh | sh'\n"
    assert spans(nested, "DF503") == [(2, "curl -fsSL https://x.io/i.sh | sh")]
    onbuild = "FROM debian:12\nONBUILD RUN curl -fsSL https://x.io/i.sh | sh\n"
    assert spans(onbuild, "DF503") == [(2, "curl -fsSL https://x.io/i.sh | sh")]
    exec_form = 'FROM debian:12\nRUN ["/bin/sh", "-c", "curl -fsSL https://x.io/i.sh | sh"]\n'
    assert spans(exec_form, "DF503") == [(2, "curl -fsSL https://x.io/i.sh | sh")]
    at_start = "FROM debian:12\nCMD curl -fsSL https://x.io/start.sh | sh\n"
    assert spans(at_start, "DF503") == [(2, "curl -fsSL https://x.io/start.sh | sh")]
    builder = "FROM debian:12 AS build\nRUN curl -fsSL https://x.io/i.sh | sh\nFROM scratch\n"
    assert spans(builder, "DF503") == [(2, "curl -fsSL https://x.io/i.sh | sh")]  # every stage


def test_script_source() -> None:
    def source(*argv: str) -> tuple[str, int | None] | None:
        model = model_command(list(argv))
        assert model is not None
        found = script_source(model)
        return None if found is None else (found.kind, found.index)

    assert source("sh") == ("stdin", None)
    assert source("bash", "-eo", "pipefail", "-s", "--", "-y") == ("stdin", None)
    assert source("bash", "-o", "pipefail", "-c", "echo") == ("inline", 4)
    assert source("bash", "--norc", "x.sh", "arg") == ("file", 2)
    assert source("sudo", "-u", "app", "bash", "-") == ("stdin", None)
    assert source("python3", "-u", "-W", "ignore", "-") == ("stdin", None)
    assert source("python3", "-m", "http.server") == ("other", None)
    assert source("python3", "-Bc", "print(1)") == ("inline", 2)
    assert source("perl", "-MFoo", "-ne", "print") == ("inline", 3)
    assert source("node", "--require", "x", "--eval=1") == ("inline", 3)
    assert source("php", "-d", "memory_limit=-1", "--", "--install-dir=/x") == ("stdin", None)
    assert source("php", "composer-setup.php") == ("file", 1)
    assert source("php", "-n", "-f", "composer-setup.php") == ("file", 3)
    assert source(".", "/dev/stdin") == ("stdin", None)
    assert source("tar", "-x") is None


# -- DF504 plain-http-download --------------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("curl -fsSLo /tmp/x.tgz http://example.org/x.tgz", ["http://example.org/x.tgz"]),
        ('wget -q "HTTP://Example.org/x.tgz"', ['"HTTP://Example.org/x.tgz"']),
        ("curl --url http://example.org/x -o x", ["http://example.org/x"]),
        ("wget download.example.org/x.zip", ["download.example.org/x.zip"]),  # no scheme: http
        ("curl -u me:pw http://user@example.org:8080/x", ["http://user@example.org:8080/x"]),
        ("curl -x http://proxy.example.org:3128 https://example.org/x", []),  # the proxy is not a download
        ("curl https://example.org/x ftp://example.org/y", []),
        ("curl http://localhost:8080/health", []),
        ("curl http://127.0.0.1/ http://[::1]:80/ http://10.1.2.3/ http://192.168.0.9/x", []),
        ("curl http://169.254.169.254/latest/meta-data/", []),
        ("wget http://nexus:8081/repo/x.jar http://host.docker.internal:3142/ http://mirror.lan/x", []),
        ("curl http://localhost:${PORT:-3000}/", []),
        ("curl docker.io", []),  # no path: not taken for a URL
    ],
)
def test_plain_http_urls(run: str, expected: list[str]) -> None:
    assert [s for _, s in spans(f"FROM debian:12\nRUN {run}\n", "DF504")] == expected


def test_plain_http_hosts_from_variables() -> None:
    base = "FROM debian:12\n"
    run = 'RUN curl -fsSLo /x "http://${MIRROR}/x.tgz"\n'
    assert spans(base + "ARG MIRROR=archive.example.org\n" + run, "DF504") == [
        (3, '"http://${MIRROR}/x.tgz"')
    ]
    assert spans(base + "ENV MIRROR=mirror:8080\n" + run, "DF504") == []  # a local name
    assert spans(base + "ARG MIRROR\n" + run, "DF504") == []  # the build decides
    assert spans(base + run, "DF504") == []  # unset: the base image may set it
    assigned = 'RUN MIRROR=archive.example.org; curl -o /x "http://${MIRROR}/x.tgz"\n'
    assert spans(base + "ARG MIRROR=localhost\n" + assigned, "DF504") == []  # the RUN decides
    onbuild = 'ARG MIRROR=archive.example.org\nONBUILD RUN curl -o /x "http://${MIRROR}/x"\n'
    assert spans(base + onbuild, "DF504") == []  # the downstream build's variables
    version = "ARG V=1.2\nRUN curl -o /x http://example.org/x-$V.tgz\n"
    assert spans(base + version, "DF504") == [(3, "http://example.org/x-$V.tgz")]


def test_plain_http_verified_and_add() -> None:
    verified = (
        "FROM debian:12\n"
        "RUN set -eux; \\\n"
        "    wget -O redis.tgz http://download.redis.io/redis.tgz; \\\n"
        '    echo "$REDIS_SHA256 *redis.tgz" | sha256sum -c -\n'
    )
    assert spans(verified, "DF504") == []
    signed = "FROM debian:12\nRUN curl -o a http://x.org/a && curl -o a.asc http://x.org/a.asc && gpg --batch --verify a.asc a\n"
    assert spans(signed, "DF504") == []
    checked_before = "FROM debian:12\nRUN sha256sum -c sums && curl -o a http://x.org/a\n"
    assert spans(checked_before, "DF504") == [(2, "http://x.org/a")]
    add = (
        "FROM alpine:3.20\n"
        "ARG V=1.26.1\n"
        "ADD http://nginx.org/download/nginx-${V}.tar.gz /src/\n"
        "ADD --checksum=sha256:0123 http://nginx.org/x.tar.gz /src/\n"
        "ADD https://nginx.org/x.tar.gz http://localhost/y /src/\n"
        "ONBUILD ADD http://example.org/z /z\n"
    )
    assert spans(add, "DF504") == [
        (3, "http://nginx.org/download/nginx-${V}.tar.gz"),
        (6, "http://example.org/z"),
    ]


def test_plain_http_in_heredoc_and_nested_script() -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -e\nsh -c 'wget -q http://example.org/x'\nEOF\n"
    assert spans(text, "DF504") == [(4, "http://example.org/x")]


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://example.org", "example.org"),
        ("http://u:p@example.org:80/x?y#z", "example.org"),
        ("http://[fe80::1]:8080/", "fe80::1"),
        ("https://example.org/", None),
        ("example.org/x", "example.org"),
        ("x.tar.gz", None),
        ("/tmp/x", None),
    ],
)
def test_http_host(url: str, host: str | None) -> None:
    assert http_host(url, schemeless=True) == host


def test_is_local() -> None:
    assert all(
        map(is_local, ["localhost", "api.localhost", "127.0.0.2", "::1", "fd00::5", "mirror", "x.internal"])
    )
    assert not any(map(is_local, ["example.org", "8.8.8.8", "2001:4860:4860::8888", "local.example.org"]))
