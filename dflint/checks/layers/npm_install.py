"""DF208 npm-install: ``npm install`` where ``npm ci`` belongs, and npm's cache left in a
shipped layer.

Two findings share one report per command:

- a bare ``npm install`` (no package operands, not ``-g``) after the stage got a lockfile
  (``package-lock.json`` or ``npm-shrinkwrap.json``): copied by COPY or ADD earlier in the
  stage or in a stage it is built FROM (a source glob such as ``package*.json`` counts),
  or bind-mounted into this RUN. ``npm ci`` installs exactly what the lockfile says;
  the unsafe fix replaces the subcommand word. Checked in every stage: a builder's
  dependencies matter as much as the image's.
- ``npm install``/``ci``/``update`` in a layer that ships, with no ``npm cache clean``
  (``--force`` since npm 5; ``clear`` is its alias) or ``rm -r`` of ``~/.npm`` (or of the
  ``--cache`` directory) later in the RUN, and no cache or tmpfs mount over ``~/.npm``
  (any mount target ending in ``/.npm``) or over the ``--cache`` directory (or a
  ``--cache`` under ``/dev``, a tmpfs). A RUN is reported once for its cache.
  (``npm_config_cache`` set by ENV is not followed.)
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.declarative import CommandPattern, matched_later
from dflint.checks.layers import in_column, ships
from dflint.fix.edit import Edit, Fix
from dflint.model.commands import CommandModel
from dflint.model.shell import ParsedShell, SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)

LOCKFILES = ("package-lock.json", "npm-shrinkwrap.json")
#: subcommands that download packages into npm's cache
_DOWNLOADING = frozenset({"install", "ci", "update", "install-test", "install-ci-test"})
#: options after which `npm install` does not read or write the project's lockfile as ci would
_NOT_CI = ("global", "no-package-lock", "package-lock-only")
_CLEANUPS = tuple(
    p
    # npm 5 and later need `--force` (without it the build fails); older npm cleans without
    for p in map(CommandPattern.parse, ("npm cache clean", "npm cache clear", "rm -r */.npm/_cacache"))
    if p is not None
)
_HOME_CACHES = ("/root/.npm", "/home/node/.npm")


def _is_lockfile(source: str) -> bool:
    """Whether a COPY/ADD source (or a mount's path) names a lockfile: exactly, or by a
    glob that starts with a literal (``package*.json``; not ``*.json`` or ``*``)."""
    base = source.rstrip("/").rsplit("/", 1)[-1]
    if base in LOCKFILES:
        return True
    return bool(base) and base[0] not in "*?[" and any(fnmatch.fnmatchcase(lock, base) for lock in LOCKFILES)


def _copies_lockfile(instr: cst.Instruction) -> bool:
    if not isinstance(instr, cst.Copy):  # and Add
        return False
    return any(_is_lockfile(source) for source in instr.sources)


def _lockfile_before(run: cst.Run, ctx: Context) -> bool:
    """Whether the RUN sees a lockfile: copied earlier in its stage, copied in a stage its
    stage is built FROM, or bind-mounted by the RUN itself. An ONBUILD trigger runs in a
    later build, on the whole image: every COPY of its stage counts, and the triggers
    before it."""
    from dflint.model.stages import run_mounts

    for mount in run_mounts(run):
        if mount["type"] == "bind":
            path = mount.get("target") or mount.get("dst") or mount.get("destination") or ""
            if _is_lockfile(path):
                return True
    stage = ctx.model.stage_of(run)
    if stage is None:
        return False
    if any(isinstance(i, cst.Onbuild) and i.trigger is run for i in stage.instructions):
        before = True
        for instr in stage.instructions:
            trigger = instr.trigger if isinstance(instr, cst.Onbuild) else None
            if trigger is run:
                before = False
            elif _copies_lockfile(instr) or (before and trigger is not None and _copies_lockfile(trigger)):
                return True
    else:
        for instr in stage.instructions:
            if instr is run:
                break
            if _copies_lockfile(instr):
                return True
    return any(_copies_lockfile(i) for base in ctx.model.base_chain(stage)[1:] for i in base.instructions)


def _bare_install(model: CommandModel) -> bool:
    return model.subcommand == "install" and not model.operands and not model.has_option(*_NOT_CI)


def _cache_kept(ctx: Context, run: cst.Run, parsed: ParsedShell, position: int, model: CommandModel) -> bool:
    """Whether the command's downloads stay in the layer: no cache mount covers them and
    no cleanup follows in the RUN."""
    from dflint.model.stages import cache_mount_targets

    targets = cache_mount_targets(run) | {"/dev"}  # /dev is a tmpfs in every build container
    cache_dir = model.option_value("cache")
    wanted = (cache_dir.rstrip("/"),) if cache_dir else _HOME_CACHES
    if any(t == "/" or p == t or p.startswith(t + "/") for t in targets for p in wanted):
        return False
    if cache_dir is None and any(t.endswith("/.npm") for t in targets):
        return False
    cleanups = list(_CLEANUPS)
    if cache_dir and " " not in cache_dir:
        removal = CommandPattern.parse(f"rm -r {cache_dir}")
        if removal is not None:
            cleanups.append(removal)
    return not matched_later(ctx, parsed.commands, position, cleanups)


def _ci_fix(ctx: Context, instr: cst.Run, command: SimpleCommand, model: CommandModel) -> Fix | None:
    """``npm install`` -> ``npm ci``: the subcommand word replaced, when written plainly."""
    if model.subcommand_index is None:
        return None
    word = command.words[model.subcommand_index]
    if word.value is None or ctx.text[word.start : word.end] != word.value:
        return None
    return Fix.unsafe(*in_column(ctx, instr, Edit(word.start, word.end, "ci")))


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    parsed = ctx.model.shell(instr)
    if parsed is None:
        return
    shipped: bool | None = None
    lockfile: bool | None = None
    cache_reported = False
    for position, command in enumerate(parsed.commands):
        model = ctx.model.command(command)
        if model is None or model.tool != "npm" or model.subcommand not in _DOWNLOADING:
            continue
        use_ci = False
        if _bare_install(model):
            if lockfile is None:
                lockfile = _lockfile_before(instr, ctx)
            use_ci = lockfile
        cache = False
        if not cache_reported:
            if shipped is None:
                shipped = ships(instr, ctx)
            cache = shipped and _cache_kept(ctx, instr, parsed, position, model)
            cache_reported = cache
        if not (use_ci or cache):
            continue
        sub_word = command.words[model.subcommand_index].value if model.subcommand_index is not None else None
        spelled = f"npm {sub_word}" if sub_word else "npm"
        cache_advice = (
            "npm's cache (~/.npm) keeps a copy of every downloaded package in this layer: "
            "run `npm cache clean --force` in the same RUN"
        )
        if use_ci and cache:
            message = (
                f"`{spelled}` with a lockfile in the image may resolve other versions: use `npm ci`, "
                f"which installs exactly the locked ones; and {cache_advice}"
            )
        elif use_ci:
            message = (
                f"`{spelled}` with a lockfile in the image may resolve other versions and rewrite it: "
                "use `npm ci`, which installs exactly the locked ones"
            )
        else:
            message = f"`{spelled}` leaves its downloads behind: {cache_advice}"
        fix = _ci_fix(ctx, instr, command, model) if use_ci else None
        words = command.words
        yield Violation(
            message,
            words[model.tool_index].start,
            words[-1].end,
            fix,
            f"Replace `{sub_word}` with `ci`" if fix else None,
        )
