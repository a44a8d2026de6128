"""The progress display of ``dflint verify`` while it builds: which side, which step.

On a terminal it is a rich status line, replaced as BuildKit's plain progress names each
step (``#7 [3/4] RUN make``); elsewhere (CI logs, pipes) one line per side and step.
rich is imported only on a terminal.
"""

from __future__ import annotations

import re
from types import TracebackType
from typing import IO, Any

_STEP = re.compile(r"#\d+ (\[[^\]]+\] .+)$")


class Progress:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.status: Any = None
        self.last: tuple[str, str] | None = None
        self.tty = bool(getattr(stream, "isatty", lambda: False)())

    def __enter__(self) -> Progress:
        if self.tty:
            from rich.console import Console

            self.status = Console(file=self.stream).status("connecting to the engine")
            self.status.start()
        return self

    def line(self, side: str, line: str) -> None:
        """A line of the build of ``side`` ("before" or "after")."""
        found = _STEP.match(line)
        if found is None:
            return
        step = found.group(1)
        if (side, step) == self.last:
            return
        self.last = (side, step)
        text = f"building {side}: {step}"
        if self.status is not None:
            self.status.update(text[:200])
        else:
            self.stream.write(text[:200] + "\n")
            self.stream.flush()

    def stop(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
