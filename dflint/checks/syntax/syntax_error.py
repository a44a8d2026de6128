"""DF001 syntax-error: BuildKit's parser rejects the file.

The engine cannot run checks on a file it cannot parse; it turns the parse error into
this rule's one diagnostic (:func:`violation`), so a broken Dockerfile fails like any
finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation


def violation(exc: Exception, text: str) -> Violation:
    """The diagnostic for a DockerfileSyntaxError at its line and column."""
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    offset = 0
    for _ in range(line - 1):
        nl = text.find("\n", offset)
        if nl < 0:
            break
        offset = nl + 1
    end_of_line = text.find("\n", offset)
    end_of_line = len(text) if end_of_line < 0 else end_of_line
    start = min(offset + column - 1, end_of_line)
    end = end_of_line if end_of_line > start else start
    message = getattr(exc, "message", str(exc))
    return Violation(message[:1].upper() + message[1:], start, end)


def check(ctx: Context) -> Iterator[Violation]:
    """A file that parsed has no syntax error."""
    return iter(())
