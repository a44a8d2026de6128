"""DF623 undefined-variable: a word the builder expands names a variable that is not set
there (BuildKit's UndefinedVar).

The words are those BuildKit expands (SYNTAX.md §1.10; :meth:`Model.expansions`):
ENV and LABEL keys and values, ADD/COPY paths and flags, WORKDIR, USER, VOLUME,
STOPSIGNAL, EXPOSE, ARG defaults, RUN ``--mount`` options and COPY heredocs that
expand. FROM is DF108's; RUN, CMD and ENTRYPOINT text is expanded by the shell, not
the builder; ONBUILD triggers are expanded in another build.

A name is set when the stage's ENV or ARG (before the instruction) sets it, when a
stage it is built FROM declared it with ARG or ENV (BuildKit carries both over), or by
``--build-arg`` only through an ARG. ``PATH`` is always set, and BuildKit never reports
``BUILDKIT_SBOM_SCAN_CONTEXT`` and ``BUILDKIT_SBOM_SCAN_STAGE``. Unlike BuildKit, a name
that every reference in the word gives a default or an alternative (``${X:-d}``,
``${X:+a}``) is not reported: the author handled it being unset.

The base image's ENV is the one thing BuildKit knows and dflint does not. For a stage
built on an image (not ``scratch``), names that image is known to set are not reported:
the table :data:`IMAGE_ENV` for common official images, plus the option
``base-image-env`` for any image. Other names are reported with a note that the base
image might set them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.model.stages import Model, Stage
from dflint.model.variables import PREDEFINED_ARGS
from dflint.syntax import cst
from dflint.syntax.buildkit import levenshtein

#: Names BuildKit never reports (dockerfile2llb ``nonEnvArgs``), and PATH, which it always sets.
ALWAYS_SET = frozenset({"BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE", "PATH"})

_JAVA = "JAVA_HOME JAVA_VERSION LANG LANGUAGE LC_ALL"
_JAVA_IMAGE = re.compile(r"jdk|jre|java|temurin|corretto|zulu|liberica", re.IGNORECASE)
_ERLANG = "OTP_VERSION REBAR3_VERSION LANG"
#: ENV names set by common base images (docker-library Dockerfiles and vendors' images),
#: by image name: ``python`` is any tag of it; a name ending in ``/`` is a prefix.
IMAGE_ENV: dict[str, str] = {
    "python": "PYTHON_VERSION PYTHON_SHA256 GPG_KEY LANG PYTHON_PIP_VERSION PYTHON_SETUPTOOLS_VERSION "
    "PYTHON_GET_PIP_URL PYTHON_GET_PIP_SHA256",
    "pypy": "PYPY_VERSION LANG",
    "node": "NODE_VERSION YARN_VERSION",
    "golang": "GOLANG_VERSION GOPATH GOTOOLCHAIN",
    "rust": "RUSTUP_HOME CARGO_HOME RUST_VERSION",
    "ruby": "RUBY_VERSION RUBY_MAJOR RUBY_DOWNLOAD_SHA256 RUBY_DOWNLOAD_URL GEM_HOME BUNDLE_SILENCE_ROOT_WARNING "
    "BUNDLE_APP_CONFIG LANG",
    "php": "PHP_VERSION PHP_INI_DIR PHPIZE_DEPS PHP_URL PHP_ASC_URL PHP_SHA256 PHP_CFLAGS PHP_CPPFLAGS "
    "PHP_LDFLAGS GPG_KEYS APACHE_CONFDIR APACHE_ENVVARS",
    "openjdk": _JAVA,
    "eclipse-temurin": _JAVA,
    "amazoncorretto": _JAVA,
    "ibmjava": _JAVA,
    "sapmachine": _JAVA,
    "maven": f"MAVEN_HOME MAVEN_CONFIG {_JAVA}",
    "gradle": f"GRADLE_HOME GRADLE_VERSION GRADLE_DOWNLOAD_SHA256 {_JAVA}",
    "tomcat": f"CATALINA_HOME TOMCAT_NATIVE_LIBDIR LD_LIBRARY_PATH TOMCAT_MAJOR TOMCAT_VERSION TOMCAT_SHA512 "
    f"GPG_KEYS {_JAVA}",
    "nginx": "NGINX_VERSION NJS_VERSION NJS_RELEASE PKG_RELEASE DYNPKG_RELEASE",
    "httpd": "HTTPD_PREFIX HTTPD_VERSION HTTPD_SHA256 HTTPD_PATCHES",
    "postgres": "PG_MAJOR PG_VERSION PGDATA GOSU_VERSION LANG",
    "mysql": "MYSQL_MAJOR MYSQL_VERSION MYSQL_SHELL_VERSION GOSU_VERSION",
    "mariadb": "MARIADB_VERSION GOSU_VERSION LANG",
    "redis": "REDIS_VERSION REDIS_DOWNLOAD_URL REDIS_DOWNLOAD_SHA",
    "mongo": "MONGO_VERSION MONGO_MAJOR MONGO_PACKAGE MONGO_REPO GOSU_VERSION JSYAML_VERSION",
    "docker": "DOCKER_VERSION DOCKER_TLS_CERTDIR DOCKER_BUILDX_VERSION DOCKER_COMPOSE_VERSION",
    "erlang": _ERLANG,
    "elixir": f"ELIXIR_VERSION {_ERLANG}",
    "haskell": "GHC CABAL_INSTALL STACK LANG",
    "julia": "JULIA_PATH JULIA_VERSION JULIA_GPG",
    "gcc": "GCC_VERSION GCC_MIRRORS GPG_KEYS",
    "swift": "SWIFT_SIGNING_KEY SWIFT_PLATFORM SWIFT_BRANCH SWIFT_VERSION SWIFT_WEBROOT",
    "dart": "DART_SDK",
    "jenkins/jenkins": f"JENKINS_HOME JENKINS_SLAVE_AGENT_PORT REF JENKINS_VERSION JENKINS_UC "
    f"JENKINS_UC_EXPERIMENTAL JENKINS_INCREMENTALS_REPO_MIRROR COPY_REFERENCE_FILE_LOG {_JAVA}",
    "nvidia/cuda": "CUDA_VERSION NVIDIA_VISIBLE_DEVICES NVIDIA_DRIVER_CAPABILITIES NVIDIA_REQUIRE_CUDA "
    "LD_LIBRARY_PATH LIBRARY_PATH NVARCH",
    "mcr.microsoft.com/dotnet/": "APP_UID ASPNETCORE_HTTP_PORTS ASPNETCORE_URLS DOTNET_RUNNING_IN_CONTAINER "
    "DOTNET_VERSION ASPNET_VERSION DOTNET_SDK_VERSION DOTNET_USE_POLLING_FILE_WATCHER NUGET_XMLDOC_MODE "
    "POWERSHELL_DISTRIBUTION_CHANNEL DOTNET_GENERATE_ASPNET_CERTIFICATE DOTNET_NOLOGO",
    "jupyter/": "CONDA_DIR SHELL NB_USER NB_UID NB_GID LC_ALL LANG LANGUAGE HOME JUPYTER_PORT XDG_CACHE_HOME",
    "quay.io/jupyter/": "CONDA_DIR SHELL NB_USER NB_UID NB_GID LC_ALL LANG LANGUAGE HOME JUPYTER_PORT "
    "XDG_CACHE_HOME",
    "continuumio/": "LANG LC_ALL",
    "pytorch/pytorch": "LD_LIBRARY_PATH NVIDIA_VISIBLE_DEVICES NVIDIA_DRIVER_CAPABILITIES PYTORCH_VERSION",
}


def image_env(name: str) -> frozenset[str]:
    """The ENV names :data:`IMAGE_ENV` knows for the image ``name`` (familiar form); an
    official image is also known through a mirror (``mirror.gcr.io/library/python``,
    ``registry.example.com/golang``), and any image named for Java (``oracle/serverjre``)
    sets ``JAVA_HOME``."""
    out: set[str] = set()
    for key, names in IMAGE_ENV.items():
        if key.endswith("/"):
            matched = name.startswith(key)
        else:
            matched = name == key or ("/" not in key and name.endswith(("/library/" + key, "/" + key)))
        if matched:
            out.update(names.split())
    if _JAVA_IMAGE.search(name):  # JDK and JRE images set JAVA_HOME, whoever builds them
        out.update(_JAVA.split())
    return frozenset(out)


_REFERENCE = re.compile(r"\$(?:\{(?P<braced>\w+)(?P<modifier>:?[-+?#%/]|:|\})?|(?P<plain>\w+))")


def defaulted(text: str, escape: str) -> set[str]:
    """Names whose every reference in ``text`` comes with a default or an alternative
    (``${X:-d}``, ``${X-d}``, ``${X:+a}``, ``${X+a}``), or sits inside an alternative of
    the same name (``${X:+$X:}``): the author handled them being unset. Quotes, escapes
    and nested ``${...}`` are read as BuildKit's lexer reads them."""
    guarded: set[str] = set()
    plain: set[str] = set()
    frames: list[tuple[str, str]] = []  # the ${NAME<modifier>...} being read: (modifier, name)
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote == "'":
            quote = "" if ch == "'" else quote
        elif ch == escape:
            i += 1
        elif ch in "'\"" and quote in ("", ch):
            quote = "" if quote else ch
        elif ch == "}" and frames:
            frames.pop()
        elif ch == "$" and (m := _REFERENCE.match(text, i)):
            name = m.group("braced") or m.group("plain")
            modifier = (m.group("modifier") or "").lstrip(":")
            if modifier in ("-", "+") or ("+", name) in frames:
                guarded.add(name)
            else:
                plain.add(name)
            if m.group("braced") and modifier != "}":
                frames.append((modifier, name))
            i = m.end()
            continue
        i += 1
    return guarded - plain


def suggestion(name: str, options: list[str]) -> str | None:
    """BuildKit's suggest.Search (case-sensitive): the first option at the smallest
    Levenshtein distance below 3."""
    best, distance = None, 3
    for option in options:
        d = levenshtein(name, option)
        if d < distance:
            best, distance = option, d
    return best


def _declared(instructions: tuple[cst.Instruction, ...], model: Model) -> dict[str, cst.Instruction]:
    """Names the ARG and ENV instructions declare (an ENV key as the builder expands it),
    with the first instruction declaring each."""
    out: dict[str, cst.Instruction] = {}
    for instr in instructions:
        if isinstance(instr, cst.Arg):
            for declaration in instr.declarations:
                out.setdefault(declaration.name.value, instr)
        elif isinstance(instr, cst.Env):
            for pair in instr.pairs:
                key = model.expand(pair.key.value, instr).value
                if key:
                    out.setdefault(key, instr)
    return out


def _inherited(model: Model, stage: Stage) -> set[str]:
    """ARG and ENV names of the stages ``stage`` is built FROM: BuildKit starts a stage
    with its parent's state, ARG values included."""
    out: set[str] = set()
    for parent in model.base_chain(stage)[1:]:
        out.update(_declared(parent.instructions, model))
    return out


def _base_image(model: Model, stage: Stage) -> str | None:
    """The image the stage is built on, through its parent stages; None for scratch."""
    root = model.base_chain(stage)[-1]
    if root.base.is_scratch:
        return None
    reference = root.base.reference
    return reference.familiar_name if reference is not None else root.base.text


def _hint(name: str, instr: cst.Instruction, ctx: Context, stage: Stage, image: str | None) -> str:
    """Why the name is not set, when dflint can tell, else BuildKit's suggestion."""
    model = ctx.model
    later = _declared(stage.instructions, model).get(name)
    if later is not None and ctx.positions.span(later).start.offset > ctx.positions.span(instr).start.offset:
        return f": it is declared on line {ctx.positions.span(later).start.line}, after this use"
    if name in PREDEFINED_ARGS:
        return f": BuildKit predefines it, but a stage sees it only after `ARG {name}`"
    if name in model.global_scope:
        return f": a global ARG is seen in a stage only after `ARG {name}` there"
    note = f" (unless the base image `{image}` sets it)" if image is not None else ""
    options = [*model.scope_before(instr), *sorted(_inherited(model, stage))]
    close = suggestion(name, options)
    return f"{note}; did you mean `${close}`?" if close else note


def check(ctx: Context) -> Iterator[Violation]:
    model = ctx.model
    assumed = frozenset(ctx.options.get("base-image-env", ()))
    for stage in model.stages:
        inherited = _inherited(model, stage)
        image = _base_image(model, stage)
        known = ALWAYS_SET | inherited | ((assumed | image_env(image)) if image is not None else frozenset())
        for instr in stage.instructions:
            seen: set[str] = set()
            for word in model.expansions(instr):
                handled = defaulted(word.text, model.lexer.escape)
                for name in word.expansion.unset:
                    if name in known or name in seen or name in handled:
                        continue
                    seen.add(name)
                    yield ctx.violation(
                        word.node,
                        f"`${name}` is not defined here, so it expands to an empty string"
                        f"{_hint(name, instr, ctx, stage, image)}",
                    )
