"""DF412 unpinned-gem: ``gem install NAME`` (``gem i``) without ``NAME:VERSION`` or
``-v``/``--version``.

Any version or requirement pins (``rails:7.1.3``, ``-v '~> 2.5'``), as in hadolint DL3028;
so do ``.gem`` files. ``gem update`` is not checked. An operand right after an option gem
does not know is not reported: it may be that option's value, and gem itself refuses the
option (build flags belong after ``--``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.language_pinning import unpinned, violation
from dflint.model.commands import CommandModel, Package
from dflint.syntax import cst

ON = (cst.Run,)


def _installs(model: CommandModel) -> bool:
    return model.tool == "gem" and model.subcommand == "install"


@functools.cache
def _known_options() -> frozenset[str]:
    # The model's option table for `gem install` (the model does not say whether an option was in it).
    from dflint.model.commands import _TOOLS

    gem = _TOOLS["gem"]
    install = gem.subs["install"] if gem.subs else gem
    return frozenset({*gem.options, *install.options})


def _knows(spelled: str) -> bool:
    """Whether gem accepts the option: in its table, or (Ruby's OptionParser completes
    long options) the start of a long one there, as ``--no-doc`` is."""
    known = _known_options()
    return spelled in known or (spelled.startswith("--") and any(k.startswith(spelled) for k in known))


def _after_unknown_option(model: CommandModel, package: Package) -> bool:
    return any(
        o.index == package.index - 1 and o.value_index is None and not _knows(o.spelled)
        for o in model.options
    )


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _installs, _after_unknown_option):
        name = found.package.name or found.spelled
        yield violation(
            found,
            f"{found.shown} is not pinned: gem installs the newest release at build time. "
            f"Pin it (`{name}:<version>` or `-v <version>`)",
        )
