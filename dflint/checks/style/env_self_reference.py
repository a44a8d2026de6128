"""DF607 env-self-reference: a value of an ENV uses a variable that an earlier pair of
the same ENV sets (``ENV A=1 B=$A``).

BuildKit expands every value of one ENV with the variables as they were before the
instruction, so ``B`` gets the old ``A`` (often nothing), not ``1``. Not reported: a
pair that uses its own name (``ENV PATH=/x:$PATH`` reads the old value on purpose), and
a value that reads the same whether the earlier pairs were set first or not, whatever
the variables the file does not know hold: ``ENV VERSION=$VERSION URL=.../$VERSION``
(an ARG re-exported), ``ENV N=${N:-x} H=/d/${N:-x}``.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.style.relative_workdir import is_trigger, scope_for
from dflint.model.variables import Expansion, Lexer, Scope, Value
from dflint.syntax import cst

ON = (cst.Env,)


def _names(expansion: Expansion) -> set[str]:
    return {*expansion.matched, *expansion.unset, *expansion.unknown}


def _hypotheses(scope: Scope, names: set[str]) -> list[Scope]:
    """``scope`` with each name it does not know the value of absent, then set to a value
    no file would hold: what the base image or the build may give them."""
    free = sorted(n for n in names if not isinstance(scope.get(n), str))
    known = Scope([(k, v) for k, v in scope.items() if k not in free])
    return [known, Scope([*known.items(), *((n, f"\0{n}") for n in free)])]


def _reads_the_same(lexer: Lexer, text: str, earlier: list[tuple[str, str]], scope: Scope) -> bool:
    """Whether ``text`` expands alike before and after the ``(name, value text)`` pairs
    before it are set, under every hypothesis on the unknown variables."""
    names = _names(lexer.process_word(text, scope))
    for _, value in earlier:
        names |= _names(lexer.process_word(value, scope))
    for hypothesis in _hypotheses(scope, names):
        after = hypothesis
        for name, value in earlier:
            expanded = lexer.process_word(value, after).value  # as separate ENVs would
            if expanded is None:
                return False
            after = after.with_(name, expanded)
        old = lexer.process_word(text, hypothesis).value
        if old is None or old != lexer.process_word(text, after).value:
            return False
    return True


def _old_value(before: Value | None, base_env_known: bool) -> str:
    if isinstance(before, str):
        return f"`{before}`"
    if before is not None:
        return "the build argument's value"
    return "unset" if base_env_known else "what the base image sets, if anything"


def check(instr: cst.Env, ctx: Context) -> Iterator[Violation]:
    scope = scope_for(ctx, instr)
    stage = ctx.model.stage_of(instr)
    if scope is None or stage is None:
        return
    base_env_known = stage.base_env_known and not is_trigger(ctx, instr)
    lexer = ctx.model.lexer
    earlier: list[tuple[str, str]] = []  # (name, value as written) of the pairs so far
    for pair in instr.pairs:
        used = _names(lexer.process_word(pair.value.value, scope))
        setting = [(name, value) for name, value in earlier if name in used]
        if setting and not _reads_the_same(lexer, pair.value.value, setting, scope):
            name = setting[0][0]
            yield ctx.violation(
                pair.value,
                f"`{pair.key.value}` uses `${name}`, which this ENV sets too: every value of one "
                f"ENV is expanded before any is set, so it reads the old `${name}` "
                f"({_old_value(scope.get(name), base_env_known)}); set `{name}` in an earlier ENV",
            )
        key = lexer.process_word(pair.key.value, scope).value
        if key is not None:
            earlier.append((key, pair.value.value))
