"""Rule selectors: ``ALL``, an id (``DF101``), an id prefix (``DF1``), a category
(``base-images``), a rule name (``untagged-base-image``) or an alias (``DL3006``,
``JSONArgsRecommended``).

Selection follows ruff: ``select`` (or the default set) plus ``extend-select``, minus
``ignore``; when a rule matches both sides, the more specific selector wins, and
``ignore`` wins a tie.

A rule may report findings under codes of their own (:data:`SUBCODES`): DF400 runs
ShellCheck, and each of its findings carries ``SC2086`` or another ShellCheck code.
Such a code resolves to its rule, and pragmas, ``ignore`` and severity overrides that
name it act on the findings of that code only (see :mod:`dflint.engine` and
:mod:`dflint.run`); in ``select`` it selects its rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dflint.aliases import SHELLCHECK_CODE, is_foreign
from dflint.catalogue import CATEGORIES, RuleInfo

_PREFIX = re.compile(r"^DF\d{0,3}$", re.IGNORECASE)
#: specificity of each kind of selector; an exact id, name or alias is the most specific
_ALL, _CATEGORY, _EXACT = 0, 1, 10
#: The codes of the findings of a rule that reports each under a code of its own, by
#: rule name (a code is matched upper-cased)
SUBCODES: dict[str, re.Pattern[str]] = {"shellcheck": SHELLCHECK_CODE}


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


class KnownCodes(frozenset[str]):
    """Every id, name and alias, lower-cased, and (by pattern) every subcode of a rule
    in the catalogue: what a pragma may name."""

    patterns: tuple[re.Pattern[str], ...]

    def __new__(cls, codes: Iterable[str], patterns: Iterable[re.Pattern[str]] = ()) -> KnownCodes:
        self = super().__new__(cls, codes)
        self.patterns = tuple(patterns)
        return self

    def __contains__(self, code: object) -> bool:
        if super().__contains__(code):
            return True
        return isinstance(code, str) and any(p.match(code.upper()) for p in self.patterns)


class Selector:
    """Resolves selectors against one catalogue."""

    def __init__(self, rules: Mapping[str, RuleInfo]) -> None:
        self.rules = rules
        self._exact = _index(rules)
        self._categories = set(CATEGORIES.values())
        by_name = {info.name: rule_id for rule_id, info in rules.items()}
        self._subcodes = [(pattern, by_name[name]) for name, pattern in SUBCODES.items() if name in by_name]

    @property
    def known_codes(self) -> frozenset[str]:
        """Every id, name and alias, lower-cased, and every subcode: what a pragma may name."""
        return KnownCodes(self._exact, (pattern for pattern, _ in self._subcodes))

    def resolve_code(self, code: str) -> set[str]:
        """The rules an exact code (id, name, alias, or a subcode such as ``SC2086``)
        names; empty when unknown."""
        found = set(self._exact.get(code.strip().lower(), ()))
        owner = self.subcode_rule(code)
        if owner is not None:
            found.add(owner)
        return found

    def partial_rule(self, code: str) -> str | None:
        """The rule ``code`` names only a part of: its own subcode (``SC2086`` of DF400),
        or one alias of a rule that answers to several (``DL3052`` of DF640), whose
        findings carry the code they are. Ignoring such a code drops those findings and
        keeps the rule's others."""
        owner = self.subcode_rule(code)
        if owner is not None:
            return owner
        found = self._exact.get(code.strip().lower(), set())
        if len(found) == 1 and is_foreign(code):
            (rule_id,) = found
            if len(self.rules[rule_id].aliases) > 1:
                return rule_id
        return None

    def subcode_rule(self, code: str) -> str | None:
        """The rule whose findings carry ``code`` (``SC2086`` -> DF400), if it is a subcode."""
        upper = code.strip().upper()
        return next((rule_id for pattern, rule_id in self._subcodes if pattern.match(upper)), None)

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
