"""Merging a RUN into the RUN right before it, for the layer rules whose fix is "do it in
one layer" (DF220: a RUN deletes what the RUN before it wrote).

Contract of :func:`merge_runs`:

- **Input**: two RUN nodes of the checked file, ``first`` and ``second``, where
  ``second`` is the instruction right after ``first`` in the same stage (only blank lines
  between; both plain RUNs, or both ONBUILD triggers in consecutive ONBUILDs).
- **Output**: one :class:`~dflint.fix.edit.Edit` that turns the two into one RUN: it
  replaces the text from the end of ``first``'s script to the start of ``second``'s
  script (line end, blank lines, ``RUN`` keyword and flags) with `` && `` joined in
  ``first``'s own continuation style (``&&`` at line ends or starts, the file's escape
  character, line ends and indentation). ``second``'s own lines are kept as they are.
  Apply it as the only edit of a fix, or with edits that do not touch that range.
- **None** whenever the merged RUN could mean something other than the two RUNs: they
  are not neighbours as above; a comment line lies between them (it may be a pragma
  about ``second``); either is in exec form, has a heredoc or runs a shell that is not
  sh-like; their flags differ, or a mount would be shared where each had its own; the
  first script cannot take a command appended to its end (a trailing comment, a last
  command inside a compound); the first leaves state the second would inherit (``cd``,
  variables, ``set`` options the second could notice, functions, traps, background
  jobs); the second is not one and-list (``a; b`` or ``a || b`` after ``x &&`` would run
  ``b`` when ``x`` fails).
- The merged RUN succeeds exactly when both RUNs did, and runs the same commands in the
  same directory with the same variables; what changes is the layers: one instead of
  two (so a file the first writes and the second deletes never reaches the image) and
  the build cache (both re-run when either changes). Fixes using it are unsafe.

The joining itself and the checks are :func:`dflint.checks.layers.run_merge.merge_edit`
(written for DF203 and DF223, which merge RUNs too); this module is the entry point that
takes two Run nodes and checks that they are neighbours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dflint.checks.layers import run_merge

if TYPE_CHECKING:
    from dflint.checks import Context
    from dflint.fix.edit import Edit
    from dflint.syntax import cst


def merge_runs(ctx: Context, first: cst.Run, second: cst.Run) -> Edit | None:
    """The edit merging ``second`` into ``first`` (see the module docs), or None."""
    here = run_merge.slot(ctx, first)
    if here is None:
        return None
    after = run_merge.neighbour(ctx, here, 1)
    if after is None or after.run is not second:
        return None
    return run_merge.merge_edit(ctx, here, after)
