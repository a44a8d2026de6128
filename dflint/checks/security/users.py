"""The user the shipped image runs as: the last USER of the target stage and of the
stages it is built FROM (DF501, DF505).

A USER in a stage that is only copied from sets nothing in the image, and an ONBUILD
USER sets the user of the images built on this one, not of this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dflint.syntax import cst

if TYPE_CHECKING:
    from dflint.checks import Context


@dataclass(frozen=True, slots=True)
class ImageUser:
    """The last USER of the shipped image and what it expands to."""

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


def image_user(ctx: Context) -> ImageUser | None:
    """The last USER of the shipped image, when there is one and its value is known: a
    variable that only the build sets (an ARG without default, a name the base image may
    define) gives None, as does an empty value."""
    for stage in ctx.model.base_chain():  # the target first, then what it is built FROM
        users = [i for i in stage.instructions if isinstance(i, cst.User)]
        if not users:
            continue
        last = users[-1]
        if last.argument is None:
            return None
        expansion = next((e.expansion for e in ctx.model.expansions(last) if e.role == "user"), None)
        if expansion is None or expansion.value is None or expansion.unset or expansion.unknown:
            return None
        value = expansion.value.strip()
        return ImageUser(last, last.argument, value) if value else None
    return None


def is_root(user: str) -> bool:
    """Whether a USER's user part names root: ``root`` or uid 0 (``0``, ``00``)."""
    return user == "root" or (user.isdigit() and int(user) == 0)
