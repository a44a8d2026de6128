"""DF410-DF413: packages of pip, npm, gem and go installed without a version.

Each finding covers exactly the package word; the cases below are harder than the rule
docs' examples: continuation lines, heredoc scripts, ``sh -c`` strings, ONBUILD
triggers, wrappers, variables, constraints files and hadolint's known false positives.
"""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text

RULES = builtin_rules()


def words(text: str, rule: str) -> list[tuple[int, str]]:
    """(line, the text the finding covers) for each finding of ``rule``."""
    settings = Settings(rules=RULES, enabled=frozenset({rule}))
    result = lint_text(text, "Dockerfile", settings)
    assert not result.internal_errors
    assert all(d.rule == rule for d in result.diagnostics)
    return [(d.start.line, text[d.offset : d.end_offset]) for d in result.diagnostics]


def messages(text: str, rule: str) -> list[str]:
    settings = Settings(rules=RULES, enabled=frozenset({rule}))
    return [d.message for d in lint_text(text, "Dockerfile", settings).diagnostics]


def run(line: str, base: str = "python:3.12-slim") -> str:
    return f"FROM {base}\nRUN {line}\n"


# --------------------------------------------------------------------------- DF410 pip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pip install flask", ["flask"]),
        (
            "pip3 install --no-cache-dir flask gunicorn==22.0.0 'uvicorn[standard]'",
            ["flask", "'uvicorn[standard]'"],
        ),
        ("python3.11 -m pip install -U pip setuptools==70.0.0", ["pip"]),
        ("/opt/venv/bin/pip install --upgrade --ignore-installed pip", ["pip"]),
        ("sudo -H pip install requests", ["requests"]),
        ("uv pip install --system httpx", ["httpx"]),
        ("pipx install black", ["black"]),
        ("pipx inject poetry poetry-plugin-export", ["poetry-plugin-export"]),  # not the venv
        ("uv tool install ruff", ["ruff"]),
        # a requirements file pins nothing beside it (hadolint skips the whole command)
        ("pip install -r requirements.txt gunicorn", ["gunicorn"]),
        ("pip install . psycopg2", ["psycopg2"]),
        # an environment marker is not a version
        ("pip install \"enum34; python_version < '3.4'\"", ["\"enum34; python_version < '3.4'\""]),
        # a VCS URL needs a ref after the host: ssh's git@ is the user
        ("pip install git+ssh://git@github.com/org/repo.git", ["git+ssh://git@github.com/org/repo.git"]),
        (
            'pip install "pproxy[accelerated] @ git+https://github.com/by275/python-proxy"',
            ['"pproxy[accelerated] @ git+https://github.com/by275/python-proxy"'],
        ),
        # a remote --find-links still floats
        ("pip install --no-index -f https://example.com/wheels flask", ["flask"]),
    ],
)
def test_pip_unpinned(line: str, expected: list[str]) -> None:
    assert [w for _, w in words(run(line), "DF410")] == expected


@pytest.mark.parametrize(
    "line",
    [
        "pip install -r requirements.txt",
        "pip install --requirement=requirements.txt",
        "pip install 'flask==3.0.3' 'django~=5.0' 'numpy>=1.26,<2' 'six!=1.0' 'attrs===23.2.0'",
        "pip install 'uvicorn[standard]==0.30.1' \"requests[socks] >= 2.31\"",
        "pip install .",
        "pip install -e .",
        "pip install '.[test]' .[all] ..[dev] /src[server]",
        "pip install ./pkg foo/bar /wheels/*.whl dist/app-1.0.tar.gz",
        "pip install https://example.com/pkg-1.0.zip",
        "pip install 'git+https://github.com/psf/black.git@24.4.2#egg=black'",
        "pip install 'black @ git+https://github.com/psf/black.git@24.4.2'",
        # constraints pin what they list
        "pip install -c constraints.txt flask",
        "pip install flask --constraint=https://example.com/constraints.txt",
        "PIP_CONSTRAINT=/c.txt pip install flask",
        "env PIP_CONSTRAINT=/c.txt pip install flask",
        "export PIP_CONSTRAINT=/c.txt && pip install flask",
        "uv pip install -c constraints.txt flask",
        "UV_CONSTRAINT=/c.txt uv pip install flask",
        # only local archives can be installed
        "pip install --no-index --find-links /wheels flask",
        "pip install --no-index --find-links=/wheels -f ./more flask",
        # a version from a variable pins; a whole variable may hold anything
        'pip install "flask==${FLASK_VERSION}" "gunicorn==$(cat /version)"',
        'pip install $PACKAGES "$EXTRA"',
        "pipx install --python \"$(which python)\" 'poetry==1.8.5'",
        # not installs
        "pip download flask",
        "pip wheel -w /wheels flask",
        "pip uninstall -y flask",
        "pipenv install black",
        "uv add httpx",
        "echo pip install flask",
    ],
)
def test_pip_pinned_or_not_checked(line: str) -> None:
    assert words(run(line), "DF410") == []


def test_pip_constraint_from_env_and_arg() -> None:
    for setting in ("ENV PIP_CONSTRAINT=/c.txt", "ARG PIP_CONSTRAINT=/c.txt"):
        text = f"FROM python:3.12-slim\n{setting}\nRUN pip install flask\n"
        assert words(text, "DF410") == []
    # empty: no constraints file
    assert words("FROM python:3.12-slim\nENV PIP_CONSTRAINT=\nRUN pip install flask\n", "DF410") == [
        (3, "flask")
    ]
    # uv reads its own variable
    assert words("FROM python:3.12-slim\nENV PIP_CONSTRAINT=/c.txt\nRUN uv pip install flask\n", "DF410") == [
        (3, "flask")
    ]


def test_pip_messages() -> None:
    assert messages(run("pip install flask"), "DF410") == [
        "`flask` is not pinned: pip installs the newest release at build time. Pin it (`flask==<version>`), "
        "or install from a requirements or constraints file"
    ]
    (vcs,) = messages(run("pip install git+https://github.com/org/repo.git#egg=repo"), "DF410")
    assert vcs.startswith("`git+https://github.com/org/repo.git#egg=repo` installs whatever the repository's")


# --------------------------------------------------------------------------- shell forms


def test_continuation_lines_tabs_and_comments() -> None:
    text = (
        "FROM python:3.12-slim\n"
        "RUN set -eux; \\\n"
        "\tpip install --no-cache-dir \\\n"
        "\t\tnumpy==1.26.4 \\\n"
        "# a comment line inside the RUN\n"
        "\t\tpandas \\\n"
        "    \t&& python -c 'import pandas'\n"
    )
    assert words(text, "DF410") == [(6, "pandas")]


def test_heredoc_script() -> None:
    text = (
        "FROM python:3.12-slim\n"
        "RUN <<EOF\n"
        "set -eux\n"
        "pip install --no-cache-dir \\\n"
        "    flask==3.0.3 gunicorn\n"
        "npm install -g pm2\n"
        "EOF\n"
    )
    assert words(text, "DF410") == [(5, "gunicorn")]
    assert words(text, "DF411") == [(6, "pm2")]


def test_heredoc_with_python_interpreter_is_not_shell() -> None:
    text = "FROM python:3.12-slim\nRUN <<EOF\n#!/usr/bin/env python3\nprint('pip install flask')\nEOF\n"
    assert words(text, "DF410") == []


def test_sh_c_strings_nested() -> None:
    text = run("sh -c 'set -e; bash -c \"pip install flask && gem install rake\"'")
    assert words(text, "DF410") == [(2, "flask")]
    assert words(text, "DF412") == [(2, "rake")]


def test_onbuild_trigger() -> None:
    text = "FROM python:3.12-slim\nONBUILD RUN pip install --no-cache-dir flask\n"
    assert words(text, "DF410") == [(2, "flask")]


def test_cache_mount_does_not_pin() -> None:
    text = "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n"
    assert words(text, "DF410") == [(2, "flask")]


def test_exec_form() -> None:
    text = 'FROM python:3.12-slim\nRUN ["pip", "install", "--no-cache-dir", "flask"]\n'
    assert words(text, "DF410") == [(2, '"flask"')]


def test_every_stage_is_checked() -> None:
    text = (
        "FROM python:3.12 AS build\n"
        "RUN pip wheel -w /w flask==3.0.3 && pip install build\n"
        "FROM python:3.12-slim\n"
        "COPY --from=build /w /w\n"
    )
    assert words(text, "DF410") == [(2, "build")]


def test_crlf_line_ends() -> None:
    text = "FROM node:20\r\nRUN npm install -g \\\r\n    typescript@5.4.5 \\\r\n    eslint\r\n"
    assert words(text, "DF411") == [(4, "eslint")]


# --------------------------------------------------------------------------- DF411 npm


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("npm install express", ["express"]),
        ("npm i -g pm2 typescript@5.4.5", ["pm2"]),
        ("npm add @angular/cli", ["@angular/cli"]),
        ("npm -g install typescript", ["typescript"]),
        ("npm install --registry https://registry.example.com express", ["express"]),
        ("npm install --registry=https://registry.example.com express", ["express"]),
        # latest is what no version means
        ("npm install -g npm@latest @vue/cli@latest", ["npm@latest", "@vue/cli@latest"]),
        ('npm install -g "npm@$NPM_TAG" "pm2@latest"', ['"pm2@latest"']),
        # git without a ref
        ("npm install git+https://github.com/org/repo.git", ["git+https://github.com/org/repo.git"]),
        ("npm install org/repo", ["org/repo"]),
        ("yarn add lodash", ["lodash"]),
        ("yarn global add gulp-cli@3.0.0 bower", ["bower"]),
        ("pnpm add -g zx", ["zx"]),
    ],
)
def test_npm_unpinned(line: str, expected: list[str]) -> None:
    assert [w for _, w in words(run(line, "node:20"), "DF411")] == expected


@pytest.mark.parametrize(
    "line",
    [
        "npm install",
        "npm install --omit=dev --no-audit",
        "npm i",
        "npm ci",
        "npm run --crazy install",
        "npm install express@4.19.2 @myorg/pkg@'>=0.1.0 <0.2.0' lodash@^4 react@next",
        "npm install ./lib /src ../x ~/y file:../z package-1.2.3.tgz pkg.tar.gz",
        "npm install https://example.com/pkg.tgz",
        "npm install git+https://github.com/org/repo.git#v1.2.0 org/repo#semver:^5.0",
        'npm install -g "ghost-cli@$GHOST_CLI_VERSION" "pm2@${PM2}" $TOOLS',
        "npm uninstall -g express",
        "npm update express",
        "yarn install --frozen-lockfile",
        "yarn",
        "pnpm install --frozen-lockfile",
        "npx cowsay hello",
    ],
)
def test_npm_pinned_or_not_checked(line: str) -> None:
    assert words(run(line, "node:20"), "DF411") == []


def test_npm_messages() -> None:
    assert messages(run("npm i -g npm@latest", "node:20"), "DF411") == [
        "`npm@latest` asks for the newest release at build time, the same as no version: "
        "pin a version (`npm@<version>`)"
    ]
    assert messages(run("yarn global add bower", "node:20"), "DF411") == [
        "`bower` is not pinned: yarn installs the newest release at build time. Pin it (`bower@<version>`)"
    ]


# --------------------------------------------------------------------------- DF412 gem


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("gem install bundler", ["bundler"]),
        ("gem i rake:13.2.1 nokogiri", ["nokogiri"]),
        ("gem install --no-document bundler rake", ["bundler", "rake"]),
        # an abbreviation gem completes (--no-doc is --no-document) is no value
        ("gem install --no-doc jekyll", ["jekyll"]),
        ("gem install -N nokogiri -- --use-system-libraries", ["nokogiri"]),
        ("bash -lc 'gem install --user-install rails'", ["rails"]),
    ],
)
def test_gem_unpinned(line: str, expected: list[str]) -> None:
    assert [w for _, w in words(run(line, "ruby:3.3"), "DF412")] == expected


@pytest.mark.parametrize(
    "line",
    [
        "gem install bundler:2.5.11",
        "gem install bundler -v 2.5.11",
        "gem install bundler rake --version '~> 2.0'",
        "gem install bundler --version=2.5.11",
        'gem install bundler -v "$BUNDLER_VERSION"',
        'gem install "rails:${RAILS_VERSION}" $GEMS',
        "gem install ./vendor/app-1.0.gem",
        "gem install bundler:2.0.1 -- --use-system-libraries true",
        # not an option gem knows: `true` may be its value (gem refuses the option)
        "gem install bundler:2.0.1 --use-system-libraries true",
        "gem update --system",
        "gem uninstall bundler",
        "bundle install",
    ],
)
def test_gem_pinned_or_not_checked(line: str) -> None:
    assert words(run(line, "ruby:3.3"), "DF412") == []


# --------------------------------------------------------------------------- DF413 go


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("go install example.com/cmd/tool", ["example.com/cmd/tool"]),
        ("go install github.com/air-verse/air@latest", ["github.com/air-verse/air@latest"]),
        (
            "go get -u github.com/golang/dep/cmd/dep golang.org/x/tools/gopls@v0.16.1",
            ["github.com/golang/dep/cmd/dep"],
        ),
        (
            "go get example.com/pkg@upgrade example.com/other@patch",
            ["example.com/pkg@upgrade", "example.com/other@patch"],
        ),
        ("go get -tool foobar@latest", ["foobar@latest"]),
        ("go run example.com/cmd/gen@latest -out x.go", ["example.com/cmd/gen@latest"]),
        ("GO111MODULE=on go get -v github.com/spf13/cobra/cobra", ["github.com/spf13/cobra/cobra"]),
        ('go install -ldflags="-s -w" -v github.com/x/y/...', ["github.com/x/y/..."]),
        ('go install "$(echo github.com/x/y)@latest"', ['"$(echo github.com/x/y)@latest"']),
    ],
)
def test_go_unpinned(line: str, expected: list[str]) -> None:
    assert [w for _, w in words(run(line, "golang:1.22"), "DF413")] == expected


@pytest.mark.parametrize(
    "line",
    [
        "go install golang.org/x/tools/gopls@v0.16.1",
        "go install .",
        "go install -v ./...",
        "go install /go/src/app",
        "go run main.go --port 8080",
        "go run ./cmd/migrate up",
        "go run . serve",
        # GOPATH or main-module packages: no dot in the first element
        "go get -d -v app && go install app",
        "go install -a std",
        "go install myproject/cmd/server",
        # removes a requirement
        "go get example.com/pkg@none",
        'go install "golang.org/x/tools/gopls@${GOPLS_VERSION}" $TOOLS',
        "go mod download",
        "go mod download github.com/x/y",
        "go build -o /app ./cmd/app",
        "go get",
    ],
)
def test_go_pinned_or_not_checked(line: str) -> None:
    assert words(run(line, "golang:1.22"), "DF413") == []


def test_go_message() -> None:
    assert messages(run("go install github.com/air-verse/air@latest", "golang:1.22"), "DF413") == [
        "`github.com/air-verse/air@latest` resolves the newest version at build time: "
        "pin a version (`github.com/air-verse/air@v1.2.3`)"
    ]


# --------------------------------------------------------------------------- ranges


def test_findings_cover_the_package_word_exactly() -> None:
    text = "FROM python:3.12\nRUN apt-get update && pip install   --user  'flask' && go get golang.org/x/lint/golint\n"
    settings = Settings(rules=RULES, enabled=frozenset({"DF410", "DF413"}))
    result = lint_text(text, "Dockerfile", settings)
    found = [(d.rule, d.start.line, d.start.column, d.end.column) for d in result.diagnostics]
    flask = text.index("'flask'") - text.index("RUN")
    golint = text.index("golang.org") - text.index("RUN")
    assert found == [
        ("DF410", 2, flask + 1, flask + 1 + len("'flask'")),
        ("DF413", 2, golint + 1, golint + 1 + len("golang.org/x/lint/golint")),
    ]
