"""Rule selectors: ``ALL``, an id (``DF101``), an id prefix (``DF1``), a category
(``base-images``), a rule name (``untagged-base-image``) or an alias (``DL3006``,
``JSONArgsRecommended``).

Selection follows ruff: ``select`` (or the default set) plus ``extend-select``, minus
``ignore``; when a rule matches both sides, the more specific selector wins, and
``ignore`` wins a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dflint.catalogue import CATEGORIES, RuleInfo

_PREFIX = re.compile(r"^DF\d{0,3}$", re.IGNORECASE)
#: specificity of each kind of selector; an exact id, name or alias is the most specific
_ALL, _CATEGORY, _EXACT = 0, 1, 10


class UnknownSelector(ValueError):
    def __init__(self, selector: str) -> None:
        self.selector = selector
        super().__init__(f"unknown rule selector {selector!r}")


def _index(rules: Mapping[str, RuleInfo]) -> dict[str, set[str]]:
    """Exact names (lower case): id, kebab name, each alias -> rule ids."""
    index: dict[str, set[str]] = {}
    for info in rules.values():
        for key in (info.id, info.name, *info.aliases):
            index.setdefault(key.lower(), set()).add(info.id)
    return index


class Selector:
    """Resolves selectors against one catalogue."""

    def __init__(self, rules: Mapping[str, RuleInfo]) -> None:
        self.rules = rules
        self._exact = _index(rules)
        self._categories = set(CATEGORIES.values())

    @property
    def known_codes(self) -> frozenset[str]:
        """Every id, name and alias, lower-cased: what a pragma may name."""
        return frozenset(self._exact)

    def resolve_code(self, code: str) -> set[str]:
        """The rules an exact code (id, name or alias) names; empty when unknown."""
        return set(self._exact.get(code.strip().lower(), ()))

    def match(self, selector: str) -> tuple[set[str], int]:
        """The rules a selector picks and how specific it is."""
        s = selector.strip()
        if s.upper() == "ALL":
            return set(self.rules), _ALL
        found = self._exact.get(s.lower())
        if found:
            return set(found), _EXACT
        if _PREFIX.match(s):
            s = s.upper()
            ids = {i for i in self.rules if i.startswith(s)}
            if ids:
                return ids, 1 + len(s)
        if s.lower() in self._categories:
            return {i for i, info in self.rules.items() if info.category == s.lower()}, _CATEGORY
        raise UnknownSelector(selector)

    def enabled(
        self,
        select: Iterable[str] | None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> set[str]:
        """The rule ids enabled by these selectors (``select`` None: the default set)."""
        chosen: dict[str, int] = {}
        if select is None:
            for rule_id, info in self.rules.items():
                if info.status == "stable" and info.default_enabled:
                    chosen[rule_id] = -1
        else:
            for s in select:
                ids, weight = self.match(s)
                for i in ids:
                    chosen[i] = max(chosen.get(i, -1), weight)
        for s in extend_select:
            ids, weight = self.match(s)
            for i in ids:
                chosen[i] = max(chosen.get(i, -1), weight)
        dropped: dict[str, int] = {}
        for s in ignore:
            ids, weight = self.match(s)
            for i in ids:
                dropped[i] = max(dropped.get(i, -1), weight)
        return {
            i
            for i, weight in chosen.items()
            if i not in dropped or weight > dropped[i]
            if self.rules[i].status != "removed"
        }
