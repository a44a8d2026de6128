"""Which files to lint: Dockerfiles found under the paths given, honouring .gitignore.

A path given explicitly is always linted. Directories are searched recursively for
``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``, ``*.dockerfile`` and
``Containerfile*`` (and a lowercase ``dockerfile``, which ``docker build`` also
accepts), skipping what ``.gitignore`` files ignore (those in the searched directories,
and above them up to the repository root) and what the config's ``exclude`` lists, as
well as version-control and environment directories. Symbolic links to directories are
not followed (no loops); a file reached twice (``./Dockerfile .``) is linted once;
anything but a regular file (a FIFO, a socket) found in a directory is skipped.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator
from pathlib import Path

PATTERNS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile*", "dockerfile")
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache"}
)


def is_dockerfile_name(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in PATTERNS)


class _Ignores:
    """The .gitignore files that apply in one directory, outermost first."""

    def __init__(self, specs: tuple[tuple[Path, object], ...] = ()) -> None:
        self.specs = specs

    def add(self, directory: Path) -> _Ignores:
        f = directory / ".gitignore"
        if not f.is_file():
            return self
        try:
            lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        import pathspec

        return _Ignores((*self.specs, (directory, pathspec.GitIgnoreSpec.from_lines(lines))))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        result = False
        for base, spec in self.specs:
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if is_dir:
                rel += "/"
            check = spec.check_file(rel)  # type: ignore[attr-defined]
            if check.include is not None:
                result = bool(check.include)
        return result


def _ancestors_ignores(directory: Path) -> _Ignores:
    """The .gitignore files above ``directory``, up to the repository root."""
    chain = []
    for parent in directory.parents:
        chain.append(parent)
        if (parent / ".git").exists():
            break
    else:
        return _Ignores()
    ignores = _Ignores()
    for parent in reversed(chain):
        ignores = ignores.add(parent)
    return ignores


def discover(
    paths: list[str],
    excluded: Callable[[str], bool] = lambda path: False,
    respect_gitignore: bool = True,
) -> Iterator[str]:
    """The files to lint, in a stable order (each path given, then sorted walks)."""
    seen: set[str] = set()

    def first_time(path: str) -> bool:
        key = path if path == "-" else os.path.realpath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for given in paths:
        if given == "-" or not os.path.isdir(given):
            if first_time(given):
                yield given
            continue
        root = Path(given)
        ignores = _ancestors_ignores(root.resolve()) if respect_gitignore else _Ignores()
        for found in _walk(root, root.resolve(), ignores, excluded, respect_gitignore):
            if first_time(found):
                yield found


def _walk(
    shown: Path, real: Path, ignores: _Ignores, excluded: Callable[[str], bool], respect_gitignore: bool
) -> Iterator[str]:
    if respect_gitignore:
        ignores = ignores.add(real)
    try:
        entries = sorted(os.scandir(real), key=lambda e: e.name)
    except OSError:
        return
    dirs = []
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        path = shown / entry.name
        if is_dir:
            if entry.name in SKIP_DIRS or ignores.ignored(real / entry.name, True) or excluded(str(path)):
                continue
            dirs.append(entry)
        elif is_file and is_dockerfile_name(entry.name):
            if ignores.ignored(real / entry.name, False) or excluded(str(path)):
                continue
            yield str(path)
    for entry in dirs:
        yield from _walk(shown / entry.name, real / entry.name, ignores, excluded, respect_gitignore)
