"""DF505 non-numeric-user: a USER gives its user by name, not by uid.

Every USER of every stage is checked, as hadolint's DL3066 does, ``root`` included: the
runtime resolves a name with the image's /etc/passwd; the host, and tools that check the
user before starting the container (Kubernetes ``runAsNonRoot``, pod security admission),
see only the name. The message says whether the USER is the one the image runs as.

Only the user part counts (``1000:app`` is fine). Not reported:

- a user part that uses an ARG declared before it (hadolint's exception: the build
  chooses the user, ``--build-arg APP_UID=10001``), even one with a default;
- one whose value the base image gives, through a variable named for a uid
  (``USER $APP_UID``, ``USER ${NB_UID}``: the .NET and Jupyter images' numeric uids);
  another variable from the base image (``USER $NB_USER``) is taken for a name;
- a Windows image's (its shell is cmd or PowerShell): Windows users are names
  (``ContainerUser``), and a numeric USER is itself taken for a name there.

A variable an ENV sets is expanded (``ENV APP_UID=1654`` makes ``USER $APP_UID`` numeric).
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.security.users import image_user, user_part
from dflint.model.shell import shell_kind
from dflint.syntax import cst


def _names_a_uid(name: str) -> bool:
    """``APP_UID``, ``NB_UID``, ``PUID``, ``USER_ID``, ``UID_GID``."""
    return any(token.endswith("uid") or token == "id" for token in name.lower().split("_"))


def _user(ctx: Context, instr: cst.User, args: set[str]) -> tuple[str, bool] | None:
    """The user part of ``instr`` expanded and whether it comes from the base image's
    ENV (its value unknown), when it is to be reported; None when it is not."""
    assert instr.argument is not None
    expansion = ctx.model.expand(user_part(instr.argument.value), instr)
    names = {*expansion.matched, *expansion.unset, *expansion.unknown}
    if names & args or expansion.error is not None or expansion.unknown:
        return None  # the build chooses the user
    stage = ctx.model.stage_of(instr)
    if expansion.unset and stage is not None and not stage.base_env_known:
        if all(_names_a_uid(name) for name in expansion.unset):
            return None  # the base image's uid
        return user_part(instr.argument.value), True
    user = (expansion.value or "").strip()
    if not user or user.isdigit():
        return None
    return user, False


def check(ctx: Context) -> Iterator[Violation]:
    shipped = image_user(ctx)
    args: set[str] = set()
    for instr in ctx.model.dockerfile.instructions:
        if isinstance(instr, cst.Arg):
            args.update(d.name.value for d in instr.declarations)
            continue
        if not isinstance(instr, cst.User) or instr.argument is None or ctx.model.stage_of(instr) is None:
            continue
        if shell_kind(ctx.model.shell_of(instr)) == "other":
            continue  # Windows: users have names (ContainerUser), and no uid
        found = _user(ctx, instr, args)
        if found is None:
            continue
        user, from_base = found
        if user == "root":
            why, uid = "cannot resolve a name", "`USER 0`"
        else:
            why, uid = (
                "cannot resolve a name, nor tell that it is not root",
                "its uid (`USER 10001`, with `useradd -u 10001`)",
            )
        if shipped is not None and shipped.instruction is instr:
            what = f"The image runs as user `{user}`, a name"
        elif from_base:
            what = f"`USER {user}` takes a user name from the base image's environment"
        else:
            what = f"`USER {user}` gives the user by name"
        yield ctx.violation(
            instr.argument,
            f"{what}: the host, Kubernetes' `runAsNonRoot` and other checks made before the "
            f"container starts {why}; use {uid}",
        )
