"""USER instructions and what they expand to (DF501, DF505).

:func:`stage_users` gives the last USER of every stage (DL3002 checks each stage, since
any stage can be built with ``--target``), :func:`image_user` the user the shipped image
runs as: the last USER of the target stage and of the stages it is built FROM. An ONBUILD
USER sets the user of the images built on this one, not of this one, and is not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dflint.syntax import cst

if TYPE_CHECKING:
    from dflint.checks import Context
    from dflint.model.stages import Stage


@dataclass(frozen=True, slots=True)
class ImageUser:
    """A USER and what it expands to."""

    instruction: cst.User
    word: cst.Word  #: the argument, for the finding's span
    value: str  #: expanded (``app:staff``)

    @property
    def user(self) -> str:
        """The user part, before ``:``."""
        return self.value.split(":", 1)[0]

    @property
    def group(self) -> str | None:
        return self.value.split(":", 1)[1] if ":" in self.value else None


def expanded_user(ctx: Context, instr: cst.User) -> ImageUser | None:
    """``instr`` with its value expanded, when the value is known: a variable that only
    the build sets (an ARG without default, a name the base image may define) gives
    None, as does an empty value."""
    if instr.argument is None:
        return None
    expansion = next((e.expansion for e in ctx.model.expansions(instr) if e.role == "user"), None)
    if expansion is None or expansion.value is None or expansion.unset or expansion.unknown:
        return None
    value = expansion.value.strip()
    return ImageUser(instr, instr.argument, value) if value else None


def last_user(stage: Stage) -> cst.User | None:
    """The last USER of ``stage`` itself (ONBUILD triggers are not instructions of it)."""
    users = [i for i in stage.instructions if isinstance(i, cst.User)]
    return users[-1] if users else None


def stage_users(ctx: Context) -> Iterator[tuple[Stage, ImageUser]]:
    """Each stage's last USER, when it has one and its value is known."""
    for stage in ctx.model.stages:
        last = last_user(stage)
        found = expanded_user(ctx, last) if last is not None else None
        if found is not None:
            yield stage, found


def image_user(ctx: Context) -> ImageUser | None:
    """The last USER of the shipped image, when there is one and its value is known."""
    for stage in ctx.model.base_chain():  # the target first, then what it is built FROM
        last = last_user(stage)
        if last is not None:
            return expanded_user(ctx, last)
    return None


def user_part(text: str) -> str:
    """The part of a USER argument before the ``:`` that starts the group (a ``:`` inside
    ``${...}``, as in ``${U:-app}``, is not one)."""
    depth = 0
    i = 0
    while i < len(text):
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        char = text[i]
        if char == "}" and depth:
            depth -= 1
        elif char == ":" and not depth:
            return text[:i]
        i += 1
    return text


def is_root(user: str) -> bool:
    """Whether a USER's user part names root: ``root`` or uid 0 (``0``, ``00``)."""
    return user == "root" or (user.isdigit() and int(user) == 0)
