"""DF505 non-numeric-user: the image that ships runs as a user given by name.

The runtime resolves a name with the image's /etc/passwd; the host, and tools that
check the user before starting the container (Kubernetes ``runAsNonRoot``, pod
security admission), see only the name and cannot tell that it is not root. Only the
user part counts (``1000:app`` is fine: the group does not decide root). ``root`` is
DF501's, and a USER whose value only the build knows is not reported, nor a Windows
image's (its shell is cmd or PowerShell): Windows users are names (``ContainerUser``).
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.security.users import image_user
from dflint.model.shell import shell_kind


def check(ctx: Context) -> Iterator[Violation]:
    found = image_user(ctx)
    if found is None or found.user.isdigit() or found.user in ("", "root"):
        return
    if shell_kind(ctx.model.shell_of(found.instruction)) == "other":
        return  # Windows: users have names (ContainerUser), and no uid
    yield ctx.violation(
        found.word,
        f"The image runs as user `{found.user}`, a name: Kubernetes' `runAsNonRoot` and other "
        f"host-side checks cannot resolve it and cannot tell it is not root; use its uid "
        f"(`USER 10001`, with `useradd -u 10001`)",
    )
