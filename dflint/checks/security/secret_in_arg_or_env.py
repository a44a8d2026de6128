"""DF502 secret-in-arg-or-env: an ARG or ENV whose name says it holds a secret.

The name is split into ``_``-separated tokens, compared case-insensitively. It looks
like a secret when a token is one of BuildKit's (SecretsUsedInArgOrEnv: ``apikey``,
``auth``, ``credential(s)``, ``key``, ``password``, ``pword``, ``passwd``, ``secret``,
``token``), a plural of one but ``keys``, ``passphrase``, hadolint's ``username``, or a
joined word that hadolint's DL3064 substrings catch (``dbpassword``, ``clientsecret``,
``githubtoken``, ``privatekey``, ``dbusername``). It does not when a token is ``public``
(or starts with it), ``file`` or ``version`` (BuildKit's exceptions), a location
(``dir``, ``path``, ``url``, ``uri``, ``endpoint``) or a setting about the secret
(``enabled``, ``type``, ``mode``, ``size``, ``timeout``...); a ``key`` is not a secret
next to ``gpg``/``pgp`` (a signing key's id or fingerprint is public) or ``apt``
(apt-key's settings). A value the Dockerfile gives that cannot be a secret (a boolean
such as ``true`` or ``0``, a path) is not reported either; an empty one is (hadolint and
BuildKit report it: the variable holds the secret ``docker run -e`` gives).

Every ARG and ENV is checked, global ARGs and ONBUILD triggers included: a build
argument is recorded in the image history and the provenance, whichever stage uses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.model.variables import Scope
from dflint.syntax import cst

ON = (cst.Arg, cst.Env)

#: BuildKit's tokens, their plurals (not ``keys``: ``KEYS_AMOUNT``), passphrase, and
#: hadolint's ``username`` (the other half of a login)
SECRET_TOKENS = frozenset(
    {
        "apikey",
        "apikeys",
        "auth",
        "credential",
        "credentials",
        "key",
        "passphrase",
        "password",
        "passwords",
        "passwd",
        "pword",
        "secret",
        "secrets",
        "token",
        "tokens",
        "username",
        "usernames",
    }
)
#: a token joining words around a secret (hadolint's substrings, kept inside one token):
#: ``dbpassword``, ``clientsecret``, ``githubtoken``, ``awsaccesskey``, ``myusername``;
#: not ``tokenizers``
_JOINED = re.compile(
    r".*(?:password|passwd|secret|username).*"
    r"|.+tokens?"
    r"|.*(?:api|access|private|client|signing|encryption|master|license|ssh)keys?"
)
#: a token that makes the name something other than a secret: BuildKit's, a location, a
#: setting about the secret
NOT_SECRET_TOKENS = frozenset(
    {
        *("public", "file", "version"),
        *("dir", "path", "url", "uri", "endpoint"),
        *("enable", "enabled", "disable", "disabled", "plugin", "type", "method", "mode"),
        *("size", "length", "time", "timeout"),
    }
)
#: tokens beside which ``key`` names something public
_PUBLIC_KEY_TOKENS = frozenset({"gpg", "pgp", "gnupg", "apt"})
_NOT_SECRET_VALUES = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1"})
#: a path: where a secret is, not the secret (a URL can be one: webhooks, signed URLs)
_PATH = re.compile(r"(?:/|\./|\.\./|~/)\S*")


def secret_tokens(name: str) -> list[str]:
    """The tokens of ``name`` that make it look like a secret (none when it does not)."""
    tokens = name.lower().split("_")
    if NOT_SECRET_TOKENS.intersection(tokens) or any(t.startswith("public") for t in tokens):
        return []
    public_key = bool(_PUBLIC_KEY_TOKENS.intersection(tokens))
    found = []
    for token in tokens:
        if token == "key" and public_key:
            continue
        if token in SECRET_TOKENS or _JOINED.fullmatch(token):
            found.append(token)
    return found


def _cannot_be_secret(ctx: Context, raw: str) -> bool:
    """Whether a value written in the Dockerfile (no variable in it) is a boolean or a
    path. An empty value still holds a secret: the one ``--build-arg`` or ``docker run
    -e`` gives, as hadolint and BuildKit report it."""
    if "$" in raw:
        return False
    value = ctx.model.lexer.process_word(raw, Scope()).value
    if not value:
        return False
    return value.lower() in _NOT_SECRET_VALUES or bool(_PATH.fullmatch(value))


def check(instr: cst.Arg | cst.Env, ctx: Context) -> Iterator[Violation]:
    keyword = "ARG" if isinstance(instr, cst.Arg) else "ENV"
    if isinstance(instr, cst.Arg):
        items = [(d.name, d.name.value, d.default) for d in instr.declarations]
    else:
        items = []
        for pair in instr.pairs:
            name = pair.key.value
            if "$" in name:
                name = ctx.model.expand(name, instr).value or name
            items.append((pair.key, name, pair.value))
    for node, name, value in items:
        tokens = secret_tokens(name)
        if not tokens:
            continue
        if value is not None and _cannot_be_secret(ctx, value.value):
            continue
        what = "a login's user name" if all("username" in t for t in tokens) else "a secret"
        if keyword == "ARG":
            how = "a build argument is recorded in the image history and the build's provenance"
        elif value is not None and _empty(ctx, value.value):
            how = (
                "it is empty here, but a value given in the Dockerfile would be part of the image "
                "config, readable by anyone who can pull the image; give it at run time (`docker run -e`)"
            )
        else:
            how = "an ENV value is part of the image config, readable by anyone who can pull the image"
        yield ctx.violation(
            node,
            f"`{keyword} {name}` looks like {what} (`{tokens[-1]}`): {how}; for the build, pass it "
            f"with `RUN --mount=type=secret,id=...` (and `docker build --secret`) instead",
        )


def _empty(ctx: Context, raw: str) -> bool:
    return "$" not in raw and ctx.model.lexer.process_word(raw, Scope()).value == ""
