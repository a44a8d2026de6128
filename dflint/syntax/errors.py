"""The error every parse failure becomes."""

from __future__ import annotations


class DockerfileSyntaxError(Exception):
    """Input BuildKit's parser rejects (or that dflint cannot parse: see ``internal``).

    ``line`` and ``column`` are 1-based; ``column`` counts characters.
    """

    def __init__(
        self,
        path: str | None,
        line: int,
        column: int,
        message: str,
        *,
        source_line: str | None = None,
        internal: bool = False,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        #: The text of the offending line, for showing it with a caret.
        self.source_line = source_line
        #: True when BuildKit would accept the file and dflint failed: a dflint bug.
        self.internal = internal

    def __str__(self) -> str:
        return f"{self.path or '<string>'}:{self.line}:{self.column}: {self.message}"
