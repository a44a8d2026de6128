"""dflint: a Dockerfile linter and optimiser.

``dflint.parse(text)`` returns the lossless typed tree of a Dockerfile.
Imports are lazy so that ``import dflint`` stays cheap for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
#: Where the generated documentation is published (rule pages are docs/rules/<ID>.md).
DOCS_URL = "https://github.com/dflint/dflint/blob/main/docs"
__all__ = ["DockerfileSyntaxError", "parse", "__version__"]

if TYPE_CHECKING:
    from dflint.syntax.errors import DockerfileSyntaxError
    from dflint.syntax.parser import parse


def __getattr__(name: str) -> Any:
    if name == "parse":
        from dflint.syntax.parser import parse

        return parse
    if name == "DockerfileSyntaxError":
        from dflint.syntax.errors import DockerfileSyntaxError

        return DockerfileSyntaxError
    raise AttributeError(f"module 'dflint' has no attribute {name!r}")
