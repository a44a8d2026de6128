"""DF621 legacy-key-value-format: ``ENV key value`` / ``LABEL key value``, the legacy
form whose value is the rest of the line (BuildKit's LegacyKeyValueFormat).

The fix writes ``key=value`` and quotes the value only as much as it needs to stay one
word with the same meaning: unchanged when it already is one word (``ENV A "b c"``),
in double quotes when it has blanks but no quote or escape character (``ENV A b c`` ->
``A="b c"``), and otherwise with each blank outside quotes escaped. Each candidate is
checked: BuildKit must split the new text into the same key, and expand the new value to
the same text as the old one whatever the variables hold; a value that fails this (one
with an unclosed quote, which no build can expand) is reported without a fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix
from dflint.model.variables import Lexer
from dflint.syntax import buildkit as bk
from dflint.syntax import cst

ON = (cst.Env, cst.Label)

_BLANKS = frozenset(bk.GO_SPACES)


def _unquoted_blanks(value: str, escape: str) -> list[int] | None:
    """Where ``value`` has blanks outside quotes, as BuildKit's parseWords reads it;
    None when a quote is not closed."""
    out = []
    quote = ""
    i = 0
    while i < len(value):
        ch = value[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == escape and quote == '"':
                i += 1
        elif ch in "'\"":
            quote = ch
        elif ch == escape:
            i += 1
        elif ch in _BLANKS:
            out.append(i)
        i += 1
    return None if quote else out


def _raw_offset(segments: list[tuple[int, int, int]], at: int) -> int:
    """The offset in the raw text of character ``at`` of the logical text."""
    for logical_start, raw_start, length in segments:
        if logical_start <= at < logical_start + length:
            return raw_start + at - logical_start
    raise ValueError(at)


def _same_meaning(old: str, new: str, escape: str) -> bool:
    """Whether BuildKit expands ``old`` and ``new`` to the same text whatever the
    variables they name hold (set, empty or unset)."""
    lexer = Lexer(escape)
    names = set(lexer.process_word(old, {}).unset) | set(lexer.process_word(new, {}).unset)
    for env in ({}, {n: "" for n in names}, {n: f"<{n} a'b\"c>" for n in names}):
        a, b = lexer.process_word(old, env), lexer.process_word(new, env)
        if a.error is not None or b.error is not None:
            return False  # a value BuildKit rejects (an unclosed quote): no fix to offer
        if a.value != b.value:
            return False
    return True


def _rewrite(ctx: Context, pair: cst.KeyValue) -> tuple[str, list[Edit]] | None:
    """The new ``key=value`` text (as BuildKit joins it) and the edits that write it."""
    escape = ctx.df.escape
    key = pair.key.value
    value, segments = cst.logical_segments(pair.value.raw)
    key_end = ctx.positions.span(pair.key).end.offset
    value_span = ctx.positions.span(pair.value)
    start, end = value_span.start.offset, value_span.end.offset
    if bk.parse_words(value, escape) == [value]:
        new_value, edits = value, [Edit(key_end, start, "=")]
    elif not {"'", '"', escape} & set(value):
        new_value = f'"{value}"'
        edits = [Edit(key_end, start, '="'), Edit.insertion(end, '"')]
    else:
        blanks = _unquoted_blanks(value, escape)
        if not blanks:
            return None
        escaped = set(blanks)
        new_value = "".join(escape + ch if i in escaped else ch for i, ch in enumerate(value))
        edits = [Edit(key_end, start, "=")]
        edits += [Edit.insertion(start + _raw_offset(segments, i), escape) for i in blanks]
    try:
        pairs = bk.parse_name_val(f"{key}={new_value}", "ENV", escape)
    except bk.BuildKitError:
        return None
    if pairs != [(key, new_value, "=")] or not _same_meaning(value, new_value, escape):
        return None
    return f"{key}={new_value}", edits


def check(instr: cst.Env | cst.Label, ctx: Context) -> Iterator[Violation]:
    keyword = instr.keyword.value
    for pair in instr.pairs:
        if not pair.is_legacy:
            continue
        rewrite = _rewrite(ctx, pair)
        key = pair.key.value
        message = f"`{keyword} {key}` uses the legacy `KEY value` form, a blank instead of `=` after the key"
        if rewrite is None:
            yield ctx.violation(pair, message)
            continue
        text, edits = rewrite
        shown = text if len(text) <= 60 else f"{key}=..."
        yield ctx.violation(pair, f"{message}: write `{shown}`", Fix.safe(*edits), f"Write `{shown}`")
