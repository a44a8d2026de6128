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


def settings(rule: str, **options: object) -> Settings:
    merged = {**RULES[rule].option_defaults(), **options}
    return Settings(rules=RULES, enabled=frozenset({rule}), options={rule: merged})


def words(text: str, rule: str, **options: object) -> list[tuple[int, str]]:
    """(line, the text the finding covers) for each finding of ``rule``."""
    result = lint_text(text, "Dockerfile", settings(rule, **options))
    assert not result.internal_errors
    assert all(d.rule == rule for d in result.diagnostics)
    return [(d.start.line, text[d.offset : d.end_offset]) for d in result.diagnostics]


def messages(text: str, rule: str, **options: object) -> list[str]:
    return [d.message for d in lint_text(text, "Dockerfile", settings(rule, **options)).diagnostics]


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
        # a URL that names no tarball serves what the branch holds (as hadolint reports)
        (
            "npm install https://github.com/mapbox/node-sqlite3/tarball/master",
            ["https://github.com/mapbox/node-sqlite3/tarball/master"],
        ),
        # the script of sh -c, sudo, a path to npm: hadolint sees none of them
        ("sudo npm install -g yarn && /usr/local/bin/npm i -g pm2", ["yarn", "pm2"]),
        ("bash -lc 'npm install -g bower'", ["bower"]),
        # no `&&`: `npm` and `install` are packages too
        ("npm install -g bower npm install typescript@5.4.5", ["bower", "npm", "install"]),
    ],
)
def test_npm_unpinned(line: str, expected: list[str]) -> None:
    assert [w for _, w in words(run(line, "node:20"), "DF411")] == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("yarn add lodash", ["lodash"]),
        ("yarn global add gulp-cli@3.0.0 bower", ["bower"]),
        ("pnpm add -g zx", ["zx"]),
    ],
)
def test_yarn_and_pnpm_with_the_option(line: str, expected: list[str]) -> None:
    text = run(line, "node:20")
    assert [w for _, w in words(text, "DF411", **{"yarn-and-pnpm": True})] == expected
    # hadolint (DL3016) checks npm only: so does the rule by default
    assert words(text, "DF411") == []


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
        # `.` is the folder; a GitHub shorthand with a ref; --prefix takes a folder (hadolint
        # reports all three)
        "npm install . && npm install gulpjs/gulp-cli#4.0 -g && npm install --prefix client/",
        "npm install https://codeload.example.com/o/r/pkg-1.2.3.tgz?download=1 https://github.com/o/r.git#v1",
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
    assert messages(run("yarn global add bower", "node:20"), "DF411", **{"yarn-and-pnpm": True}) == [
        "`bower` is not pinned: yarn installs the newest release at build time. Pin it (`bower@<version>`)"
    ]
    (url,) = messages(run("npm install https://github.com/o/r/tarball/master", "node:20"), "DF411")
    assert url.startswith(
        "`https://github.com/o/r/tarball/master` names no tarball file: npm installs whatever"
    )


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


# --------------------------------------------------------------------------- variables


@pytest.mark.parametrize(
    ("text", "rule", "expected"),
    [
        # what an ENV or ARG puts in the word is checked, package by package (hadolint
        # reports the word whatever it holds)
        (
            'FROM node:20\nENV NODE_PKGS="bower node-gyp@10.1.0"\nRUN npm install -g $NODE_PKGS\n',
            "DF411",
            [(3, "$NODE_PKGS")],
        ),
        (
            "FROM golang:1.22\nENV LIBGIT2=github.com/org/git2go\nRUN go get -d ${LIBGIT2}\n",
            "DF413",
            [(3, "${LIBGIT2}")],
        ),
        ('FROM ruby:3.3\nARG GEMS="bundler rake:13.2.1"\nRUN gem install $GEMS\n', "DF412", [(3, "$GEMS")]),
        # and what a plain assignment earlier in the RUN puts there
        (
            "FROM python:3.12\nRUN packages=' numpy scipy==1.13.1 ' \\\n && pip3 install $packages\n",
            "DF410",
            [(3, "$packages")],
        ),
        # a wheel's URL, a folder: nothing to pin
        (
            "FROM python:3.12\nARG WHL_URL=https://example.com/wheels/\nARG WHL_FILE=tf-1.8.0-cp27-none-any.whl\n"
            "RUN pip install ${WHL_URL}${WHL_FILE}\n",
            "DF410",
            [],
        ),
        ("FROM python:3.12\nENV APP=/usr/local/src/app\nCOPY . $APP\nRUN pip install $APP\n", "DF410", []),
        (
            "FROM python:3.12\nRUN export TF_URL=https://example.com/tf-1.0-py3-none-any.whl && pip install $TF_URL\n",
            "DF410",
            [],
        ),
        # a version from a variable pins, whatever stage sets it (pip gets `flask==` otherwise,
        # and fails)
        ("FROM python:3.12\nARG FLASK=3.0.3\nRUN pip install flask==$FLASK\n", "DF410", []),
        ("FROM python:3.12 AS a\nENV V=3.0.3\nFROM python:3.12\nRUN pip install flask==$V\n", "DF410", []),
        # unknown: a build argument, a loop variable, a name set in another stage only, a trigger
        ("FROM node:20\nARG NPM_CLI_PACKAGE\nRUN npm install ${NPM_CLI_PACKAGE} --global\n", "DF411", []),
        (
            "FROM golang:1.22\nENV PACKAGES='github.com/a/b github.com/c/d'\n"
            'RUN for i in ${PACKAGES}; do go get -v -d "$i"; done\n',
            "DF413",
            [],
        ),
        ("FROM python:3.12 AS a\nENV P=flask\nFROM python:3.12\nRUN pip install $P\n", "DF410", []),
        ("FROM python:3.12\nENV P=flask\nONBUILD RUN pip install $P\n", "DF410", []),
        # a process substitution is a file name at run time
        ('FROM python:3.12\nRUN /bin/bash -c "pip install -r <(pipenv lock -r)"\n', "DF410", []),
        # a build argument's default: `latest` floats unless the build overrides it
        (
            "FROM node:20\nARG NG_VERSION=latest\nRUN npm install -g @angular/cli@$NG_VERSION\n",
            "DF411",
            [(3, "@angular/cli@$NG_VERSION")],
        ),
    ],
)
def test_variables_are_expanded_when_their_value_is_known(
    text: str, rule: str, expected: list[tuple[int, str]]
) -> None:
    assert words(text, rule) == expected


def test_message_names_what_the_variable_holds() -> None:
    text = 'FROM node:20\nENV NODE_PKGS="bower node-sass"\nRUN npm install -g $NODE_PKGS\n'
    assert messages(text, "DF411") == [
        f"`$NODE_PKGS` holds `{name}`, which is not pinned: npm installs the newest release at build time. "
        f"Pin it (`{name}@<version>`)"
        for name in ("bower", "node-sass")
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
