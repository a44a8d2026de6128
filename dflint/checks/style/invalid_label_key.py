"""DF641 invalid-label-key: a label key outside Docker's key format (hadolint DL3048).

Docker's guidelines, as hadolint reads them: keys begin with a lower-case letter and end
with a lower-case letter or digit, hold only lower-case letters, digits, ``.`` and ``-``
(and, as hadolint allows since its issue #1035, ``_`` and ``/``: ``app.kubernetes.io/name``,
``build_version``), never ``..`` or ``--``, and stay out of the namespaces Docker reserves
(``com.docker.*``, ``io.docker.*``, ``org.dockerproject.*``). Keys are read as the
builder expands them; a key dflint cannot expand is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst

ON = (cst.Label,)

_FORM = re.compile(r"^[a-z](?:[a-z0-9._/-]*[a-z0-9])?$")
_EXTRA = "._/-"
RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")


def problem(key: str) -> str | None:
    """What is wrong with ``key``, or None."""
    for namespace in RESERVED:
        if key.startswith(namespace):
            return f"`{namespace}*` is reserved for Docker's own use"
    if _FORM.match(key) and ".." not in key and "--" not in key:
        return None
    if not key or not ("a" <= key[0] <= "z"):
        return "a key begins with a lower-case letter"
    if not (key[-1].isascii() and (key[-1].islower() or key[-1].isdigit())):
        return "a key ends with a lower-case letter or a digit"
    bad = sorted({c for c in key if not (c.isascii() and (c.islower() or c.isdigit() or c in _EXTRA))})
    if bad:
        return (
            f"{', '.join(f'`{c}`' for c in bad)}: a key holds only lower-case letters, digits, "
            f"`.`, `-` (and `_`, `/`)"
        )
    return "`.` and `-` separate words: never `..` or `--`"


def check(instr: cst.Label, ctx: Context) -> Iterator[Violation]:
    words = ctx.model.expansions(instr)  # none for an ONBUILD trigger
    keys = {id(w.node): w.expansion for w in words if w.role == "label key"}
    for pair in instr.pairs:
        expansion = keys.get(id(pair.key))
        key = (expansion.value if expansion is not None else None) if words else _literal(pair.key.value)
        if key is None:
            continue
        if expansion is not None and expansion.unset:
            names = ", ".join(f"`${n}`" for n in expansion.unset)
            yield ctx.violation(
                pair.key,
                f"Label key `{pair.key.value}` uses {names}, which nothing defines: the key is `{key}`",
            )
            continue
        why = problem(key)
        if why is not None:
            yield ctx.violation(pair.key, f"Invalid label key `{key}`: {why}")


def _literal(text: str) -> str | None:
    """An ONBUILD trigger's key (expanded downstream): its text when it has no variable."""
    if "$" in text:
        return None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text
