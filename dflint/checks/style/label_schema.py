"""DF640 label-schema: the labels a team requires, and the form of their values.

Does nothing until ``label-schema`` names labels (hadolint's ``label-schema``, read from
a ``.hadolint.yaml`` too). Each finding carries one of hadolint's label codes (so
``--ignore DL3052`` or ``# hadolint ignore=DL3052`` touches only URL findings): DL3049 missing, DL3050 superfluous (``strict-labels``), DL3051 empty, and the
value forms DL3052 url, DL3053 rfc3339, DL3054 spdx, DL3055 hash, DL3056 semver,
DL3058 email (``text`` accepts anything but empty).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from dflint.checks import Context, Violation
from dflint.model.stages import Stage
from dflint.syntax import cst

#: semver.org's own pattern for a version (2.0.0)
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
#: RFC 3339 §5.6 date-time (``T`` or ``t``, ``Z`` or ``z`` or an offset)
_RFC3339 = re.compile(
    r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
#: a commit id: an abbreviated (at least 7) or full SHA-1 or SHA-256 object name
_HASH = re.compile(r"^(?:[0-9a-fA-F]{7,40}|[0-9a-fA-F]{64})$")
#: RFC 5322 addr-spec: dot-atom or quoted-string local part, dot-atom or literal domain
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL = re.compile(
    rf'^(?:{_ATOM}(?:\.{_ATOM})*|"(?:[^"\\\r\n]|\\.)*")@(?:{_ATOM}(?:\.{_ATOM})*|\[[^\[\]\\\r\n]*\])$'
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
_LICENSE_REF = re.compile(r"(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+")


def _url(value: str) -> bool:
    """An absolute URI (RFC 3986): a scheme, then something."""
    scheme, _, rest = value.partition(":")
    if not _SCHEME.match(scheme) or not rest or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return bool(parts.netloc or parts.path)


def _spdx(value: str) -> bool:
    """An SPDX license expression (``MIT``, ``Apache-2.0 OR MIT``, ``GPL-2.0-only WITH
    Classpath-exception-2.0``), checked against the SPDX license list."""
    from license_expression import get_spdx_licensing

    if not value.strip():
        return False
    # LicenseRef-… identifiers are user-defined (SPDX spec annex D): valid by form
    standin = _LICENSE_REF.sub("MIT", value)
    try:
        return not get_spdx_licensing().validate(standin, strict=True).errors
    except (AttributeError, ValueError):  # license-expression 30.4 fails so on `MIT OR`
        return False


#: schema type -> (hadolint code, what a value must be, test)
TYPES: dict[str, tuple[str, str, Callable[[str], bool]]] = {
    "url": ("DL3052", "a URL", _url),
    "rfc3339": ("DL3053", "an RFC 3339 date-time", lambda v: bool(_RFC3339.match(v))),
    "spdx": ("DL3054", "an SPDX license expression", _spdx),
    "hash": ("DL3055", "a git commit hash", lambda v: bool(_HASH.match(v))),
    "semver": ("DL3056", "a semantic version", lambda v: bool(_SEMVER.match(v))),
    "email": ("DL3058", "an email address (RFC 5322)", lambda v: bool(_EMAIL.match(v))),
}
SCHEMA_TYPES = ("text", *TYPES)


def _leaves(ctx: Context) -> list[Stage]:
    """The stages no other stage builds on or copies from: each is an image a build
    can produce (the last by default, any with ``--target``)."""
    used = {dep.stage for stage in ctx.model.stages for dep in stage.dependencies if dep.stage is not None}
    return [stage for stage in ctx.model.stages if stage.index not in used]


def _labels(ctx: Context, instr: cst.Label) -> Iterator[tuple[cst.KeyValue, str | None, str | None]]:
    """Each pair with its key and value as the builder expands them (None: unknown)."""
    words = ctx.model.expansions(instr)
    keys = {id(w.node): w.expansion.value for w in words if w.role == "label key"}
    values = {id(w.node): w.expansion.value for w in words if w.role == "label value"}
    for pair in instr.pairs:
        yield pair, keys.get(id(pair.key)), values.get(id(pair.value))


def check(ctx: Context) -> Iterator[Violation]:
    # the option's choices (rules/DF640.yaml) are SCHEMA_TYPES: the configuration is checked
    schema: dict[str, str] = dict(ctx.options.get("label-schema", {}))
    strict = bool(ctx.options.get("strict-labels", False))
    if not schema and not strict:
        return
    for stage in ctx.model.stages:
        for instr in stage.instructions:
            if not isinstance(instr, cst.Label):
                continue
            for pair, key, value in _labels(ctx, instr):
                if key is None:
                    continue
                if key not in schema:
                    if strict:
                        yield ctx.violation(
                            pair.key,
                            f"Label `{key}` is not in the label schema (strict-labels is on)",
                            code="DL3050",
                        )
                    continue
                if value is None:
                    continue
                kind = schema[key]
                if not value.strip():
                    yield ctx.violation(pair, f"Label `{key}` is empty", code="DL3051")
                elif kind in TYPES:
                    code, what, valid = TYPES[kind]
                    if not valid(value):
                        yield ctx.violation(pair.value, f"Label `{key}` is not {what}: `{value}`", code=code)
    if not schema:
        return
    for leaf in _leaves(ctx):
        present: set[str] = set()
        unknown = False
        for stage in ctx.model.base_chain(leaf):
            for instr in stage.instructions:
                if isinstance(instr, cst.Label):
                    for _, key, _ in _labels(ctx, instr):
                        if key is None:
                            unknown = True
                        else:
                            present.add(key)
        if unknown:
            continue  # a label named by a variable dflint cannot expand may be the one
        missing = [name for name in schema if name not in present]
        if missing:
            names = ", ".join(f"`{n}`" for n in missing)
            what = f"label {names} is" if len(missing) == 1 else f"labels {names} are"
            yield ctx.violation(
                leaf.from_, f"The {what} missing from the image this stage builds", code="DL3049"
            )
