"""Visitors and transformers over the typed tree, in LibCST's manner.

A :class:`Visitor` gets ``visit_<Class>(node)`` before a node's children and
``leave_<Class>(node)`` after them; returning False from ``visit_`` skips the
children. A :class:`Transformer` gets ``leave_<Class>(original, updated)`` and
returns the node to put in its place (or :data:`dflint.syntax.cst.REMOVE`).
Dispatch goes by class name along the MRO, so ``visit_Instruction`` sees every
instruction.
"""

from __future__ import annotations

from typing import Any

from dflint.syntax.cst import Node, _Removal


def _handler(obj: object, prefix: str, node: Node) -> Any:
    for cls in type(node).__mro__:
        method = getattr(obj, prefix + cls.__name__, None)
        if method is not None:
            return method
        if cls is Node:
            break
    return None


class Visitor:
    """Read-only traversal."""

    def on_visit(self, node: Node) -> bool:
        method = _handler(self, "visit_", node)
        if method is None:
            return True
        return method(node) is not False

    def on_leave(self, original: Node, updated: Node) -> Node | _Removal:
        method = _handler(self, "leave_", original)
        if method is not None:
            method(original)
        return updated


class Transformer(Visitor):
    """Traversal that may replace or remove nodes."""

    def on_leave(self, original: Node, updated: Node) -> Node | _Removal:
        method = _handler(self, "leave_", original)
        if method is None:
            return updated
        return method(original, updated)
