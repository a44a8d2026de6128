"""DF103 oversize-base-image: the image that ships is built on a full variant where a
slim one of the same image, version and OS exists and the build needs nothing the full
one adds.

Only the target stage ships, so only its base chain is checked (``FROM python:3.12 AS
base`` then ``FROM base``). The full official images add compilers, headers and tools
(gcc, make, git, curl, wget, ssh, ...); a chain that runs any of them stays silent,
since switching would break it. Language package installs (pip, npm, gem) are not
treated as needing compilers: most packages ship binaries, and the fix is unsafe.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix
from dflint.model import base_images as kb
from dflint.model.stages import Stage

#: programs the full (buildpack-deps based) images have and their slim variants lack
FULL_ONLY = frozenset(
    "gcc g++ cc c++ cpp clang make cmake ninja autoconf automake autoreconf libtool pkg-config "
    "ld ar as gfortran bison flex patch git svn hg bzr curl wget ssh scp sftp rsync "
    "gpg dirmngr xz bzip2 unzip file node-gyp configure".split()
)


def _uses_full_only_tools(ctx: Context, chain: list[Stage]) -> str | None:
    for command, model in ctx.model.run_commands(chain):
        tool = model.tool if model else command.name
        if tool in FULL_ONLY or (tool or "").startswith(("./configure", "gcc-", "g++-")):
            return tool
    return None


def _new_tag(user_tag: str, row: kb.Row, smaller: kb.Row) -> str:
    """The smaller variant's tag, keeping the version and OS as the user wrote them."""
    want, have = kb.tag_shape(user_tag), kb.tag_shape(row.tag)
    tag = smaller.tag
    small = kb.tag_shape(smaller.tag)
    if want.version and have.version and small.version == have.version and want.version != have.version:
        tag = want.version + tag[len(have.version) :]
    if want.os and small.os is None and "alpine" not in small.flavours:
        tag += f"-{want.os}"
    return tag


def _size(row: kb.Row, on_disk: bool) -> str:
    return kb.human_size(row.on_disk_bytes if on_disk else row.compressed_bytes)


def check(ctx: Context) -> Iterator[Violation]:
    chain = ctx.model.base_chain()
    if not chain:
        return
    root = chain[-1]
    base = root.base
    if base.reference is None or base.stage is not None or base.expansion.value is None:
        return
    found = kb.lookup(base.expansion.value)
    if not isinstance(found, kb.Match) or found.row.variant in ("slim", "alpine"):
        return
    allowed = {"slim"} | ({"alpine"} if ctx.options.get("allow-alpine") else set())
    candidates = [r for r in kb.siblings(found.row) if r.variant in allowed]
    if not candidates:
        return
    smaller = min(candidates, key=lambda r: r.compressed_bytes)
    saving = found.row.compressed_bytes - smaller.compressed_bytes
    if saving < ctx.options.get("min-saving-mb", 50) * 1_000_000:
        return
    if _uses_full_only_tools(ctx, chain) is not None:
        return
    ref = base.reference
    if ref.tag is None or ref.digest is not None or not base.expansion.value.endswith(":" + ref.tag):
        return  # a digest pins this exact image: switching is the author's decision
    new_tag = _new_tag(ref.tag, found.row, smaller)
    new_name = base.expansion.value[: -len(ref.tag)] + new_tag  # the name as written
    on_disk = found.row.on_disk_bytes is not None and smaller.on_disk_bytes is not None
    measure = "on disk" if on_disk else "to download"
    approx = "" if found.exact else f" (sizes of {found.row.reference}, its line's newest release)"
    shown = (
        f"`{base.text}`" if base.text == base.expansion.value else f"`{base.text}` ({base.expansion.value})"
    )
    message = (
        f"{shown} is {_size(found.row, on_disk)} {measure}, `{new_name}` "
        f"{_size(smaller, on_disk)}{approx}: nothing in this build needs what the full image adds"
    )
    word = root.from_.arguments[0]
    fix = None
    if "$" not in word.value and word.value == base.text:
        span = ctx.positions.span(word)
        fix = Fix.unsafe(Edit(span.start.offset, span.end.offset, new_name))
    yield ctx.violation(word, message, fix, f"Use `{new_name}`" if fix else None)
