"""Edits and fixes, ruff's model.

An :class:`Edit` replaces the characters ``text[start:end]`` of the *original* text
with ``content`` (an insertion has ``start == end``, a deletion empty ``content``). A
:class:`Fix` is the edits that together repair one diagnostic, with how safe they are.
"""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass


class Applicability(enum.IntEnum):
    """How safe a fix is; ordered, so ``>=`` selects "at least this safe"."""

    #: shown to the user, never applied (the rule cannot know the right text)
    DISPLAY_ONLY = 0
    #: valid and likely better, but the image may behave differently
    UNSAFE = 1
    #: the image builds to the same behaviour and contents, but for the intended effect
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, text: str) -> Applicability:
        return cls[text.strip().upper().replace("-", "_")]


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    start: int  #: 0-based character offset in the original text
    end: int  #: just past the last replaced character (== start for an insertion)
    content: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit range {self.start}..{self.end}")

    @classmethod
    def insertion(cls, at: int, content: str) -> Edit:
        return cls(at, at, content)

    @classmethod
    def deletion(cls, start: int, end: int) -> Edit:
        return cls(start, end, "")

    def apply(self, text: str) -> str:
        return text[: self.start] + self.content + text[self.end :]


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability

    def __post_init__(self) -> None:
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        ordered = sorted(self.edits)
        for a, b in itertools.pairwise(ordered):
            if b.start < a.end or (a.start == a.end == b.start == b.end):
                raise ValueError(f"edits of one fix overlap: {a} and {b}")
        object.__setattr__(self, "edits", tuple(ordered))

    @classmethod
    def safe(cls, *edits: Edit) -> Fix:
        return cls(edits, Applicability.SAFE)

    @classmethod
    def unsafe(cls, *edits: Edit) -> Fix:
        return cls(edits, Applicability.UNSAFE)

    @classmethod
    def display_only(cls, *edits: Edit) -> Fix:
        return cls(edits, Applicability.DISPLAY_ONLY)

    @property
    def start(self) -> int:
        return self.edits[0].start

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)

    def overlaps(self, other: Fix) -> bool:
        """Whether applying both could conflict (touching ranges count, so two
        insertions at one offset never race for an order)."""
        return any(a.start <= b.end and b.start <= a.end for a in self.edits for b in other.edits)

    def apply(self, text: str) -> str:
        for edit in reversed(self.edits):
            text = edit.apply(text)
        return text
