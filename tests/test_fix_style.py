"""Fixes write in the file's own style (issue 8).

Every rule example with a ``fixed:`` text is replayed in other styles, derived by the
same mechanical transformation of the bad and the fixed text: CRLF line ends, the
backtick escape, lower-case instruction keywords, tab-indented continuation lines, and
all of those that apply at once. The fix of the transformed bad text must be the
transformed fixed text, byte for byte, and must parse, round-trip and settle (run with
``-s`` to see how many variants run and which are skipped, and why). Targeted tests then cover styles the examples do not
show (``&&`` at line starts, ``;`` chains, a continuation aligned at column 80, CRLF
around heredocs), and a last group checks that each rule's fixes agree with the fix
availability its yaml declares.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax import cst
from dflint.syntax.parser import parse
from dflint.syntax.positions import Positions

RULES = builtin_rules()


def settings(rule_id: str, options: dict | None = None) -> Settings:  # type: ignore[type-arg]
    info = RULES[rule_id]
    return Settings(
        rules=RULES,
        enabled=frozenset({rule_id}),
        options={rule_id: {**info.option_defaults(), **(options or {})}},
    )


def applicability(rule_id: str) -> Applicability:
    """What tests/test_catalogue.py fixes an example with."""
    return Applicability.UNSAFE if RULES[rule_id].fix in ("unsafe", "sometimes") else Applicability.SAFE


def fixed(text: str, rule_id: str, options: dict | None = None) -> str:  # type: ignore[type-arg]
    """``text`` fixed by one rule, after checking the invariants every fix keeps: no
    internal error, the result parses and round-trips, and fixing it again changes
    nothing."""
    s = settings(rule_id, options)
    level = applicability(rule_id)
    outcome = fix_text(text, "Dockerfile", s, level)
    assert not outcome.errors, outcome.errors
    assert parse(outcome.text).code == outcome.text
    again = fix_text(outcome.text, "Dockerfile", s, level)
    assert again.text == outcome.text and not again.fixed, "the fix does not settle"
    return outcome.text


# -- the transformations ----------------------------------------------------------------

#: a reason not to apply a transformation to an example (its bad and fixed text), or None
Guard = Callable[[str, str], "str | None"]


def _has_heredoc(text: str) -> bool:
    return any(isinstance(i, (cst.Run, cst.Copy)) and i.heredocs for i in _instructions(parse(text)))


def _instructions(df: cst.Dockerfile) -> list[cst.Instruction]:
    out = []
    for i in df.instructions:
        out.append(i)
        if isinstance(i, cst.Onbuild) and i.trigger is not None:
            out.append(i.trigger)
    return out


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def crlf_guard(text: str, fixed: str) -> str | None:
    return "has CR already" if "\r" in text + fixed else None


_CONTINUATION = re.compile(r"\\(?=[ \t]*\n)")


def backtick(text: str) -> str:
    """The backtick escape: an escape directive first, each continuation ``\\`` a backtick."""
    return "# escape=`\n" + _CONTINUATION.sub("`", text)


def backtick_guard(text: str, fixed: str) -> str | None:
    return _backtick_reason(text) or _backtick_reason(fixed)


def _backtick_reason(text: str) -> str | None:
    if "`" in text:
        return "has a backtick"
    if len(_CONTINUATION.findall(text)) != text.count("\\"):
        return "has a backslash that is not a continuation"
    if _has_heredoc(text):
        return "has a heredoc"
    if any(re.match(r"[ \t]*#.*\\[ \t]*$", line) for line in text.splitlines()):
        return "has a comment ending in a backslash"
    if parse(text).directive("escape") is not None:
        return "has an escape directive"
    return None


def lowercase(text: str) -> str:
    """Every instruction keyword (ONBUILD triggers too), and FROM's ``AS``, in lower case."""
    df = parse(text)
    positions = Positions(df)
    out = list(text)
    for instr in _instructions(df):
        words: list[cst.Node] = [instr.keyword]
        if isinstance(instr, cst.From) and instr.as_keyword is not None:
            words.append(instr.as_keyword)
        for word in words:
            span = positions.span(word)
            out[span.start.offset : span.end.offset] = text[span.start.offset : span.end.offset].lower()
    return "".join(out)


_FOUR_SPACES = re.compile(r"^((?:    )+)", re.MULTILINE)


def tabs(text: str) -> str:
    """Each leading group of four spaces a tab."""
    return _FOUR_SPACES.sub(lambda m: "\t" * (len(m.group(1)) // 4), text)


def tabs_guard(text: str, fixed: str) -> str | None:
    if "\t" in text + fixed:
        return "has a tab"
    if _has_heredoc(text) or _has_heredoc(fixed):
        return "has a heredoc"  # a heredoc's indentation is its content
    if _FOUR_SPACES.search(fixed) and not _FOUR_SPACES.search(text):
        return "the fix indents, the bad text shows no indentation to follow"
    return None


def _always(text: str, fixed: str) -> str | None:
    return None


#: name -> (transformation, guard, rules it does not apply to), in the order ``all``
#: applies them (tabs before the backtick escape, which the tab pattern does not know;
#: CRLF last, as the others look for ``\n``)
STYLES: dict[str, tuple[Callable[[str], str], Guard, frozenset[str]]] = {
    "tabs": (tabs, tabs_guard, frozenset()),
    # DF620 enforces one casing: lower-casing its examples changes what it fixes to
    "lowercase": (lowercase, _always, frozenset({"DF620"})),
    "backtick": (backtick, backtick_guard, frozenset()),
    "crlf": (crlf, crlf_guard, frozenset()),
}


def _variants() -> tuple[list, list[str], int]:  # type: ignore[type-arg]
    """One param per example and style, and one for every style that applies at once
    (``all``, when two or more do); the skipped ones with why; how many were unchanged."""
    params = []
    skipped = []
    unchanged = 0
    for rule_id, info in RULES.items():
        for index, example in enumerate(info.examples):
            if example.fixed is None:
                continue
            sound: list[str] = []
            for style, (transform, guard, excluded) in STYLES.items():
                name = f"{rule_id}-{index}-{style}"
                reason = "the rule is about this style" if rule_id in excluded else None
                reason = reason or guard(example.text, example.fixed)
                if reason:
                    skipped.append(f"{name}: {reason}")
                    continue
                text, expected = transform(example.text), transform(example.fixed)
                if (text, expected) == (example.text, example.fixed):
                    unchanged += 1  # already in that style (no indented line to tab, ...)
                    continue
                sound.append(style)
                params.append(pytest.param(rule_id, text, expected, dict(example.options), id=name))
            if len(sound) >= 2:
                text, expected = example.text, example.fixed
                for style in sound:
                    transform = STYLES[style][0]
                    text, expected = transform(text), transform(expected)
                name = f"{rule_id}-{index}-all({'+'.join(sound)})"
                params.append(pytest.param(rule_id, text, expected, dict(example.options), id=name))
    return params, skipped, unchanged


VARIANTS, SKIPPED, UNCHANGED = _variants()


def test_how_many_variants_run() -> None:
    print(
        f"\n{len(VARIANTS)} style variants run, {UNCHANGED} already in their style, {len(SKIPPED)} skipped:"
    )
    for line in SKIPPED:
        print("  " + line)
    for style in [*STYLES, "all"]:
        assert sum(f"-{style}" in p.id for p in VARIANTS) >= 10, f"too few {style} variants"


@pytest.mark.parametrize(("rule_id", "text", "expected", "options"), VARIANTS)
def test_fix_keeps_the_file_style(rule_id: str, text: str, expected: str, options: dict) -> None:  # type: ignore[type-arg]
    assert fixed(text, rule_id, options) == expected


# -- fixes agree with the declared availability ---------------------------------------


def _findings(rule_id: str) -> list[tuple[int, object]]:
    """(example index, diagnostic) for every finding of the rule's bad examples."""
    out = []
    for index, example in enumerate(RULES[rule_id].examples):
        if example.kind != "bad":
            continue
        result = lint_text(example.text, "Dockerfile", settings(rule_id, dict(example.options)))
        out += [(index, d) for d in result.diagnostics]
    return out


@pytest.mark.parametrize("rule_id", list(RULES))
def test_fixes_agree_with_the_declared_availability(rule_id: str) -> None:
    declared = RULES[rule_id].fix
    findings = _findings(rule_id)
    assert findings
    kinds = {
        (index, None if d.fix is None else d.fix.applicability)  # type: ignore[attr-defined]
        for index, d in findings
    }
    offered = {level for _, level in kinds}
    if declared == "none":
        assert offered == {None}, f"{rule_id} declares no fix but offers one"
    elif declared == "safe":
        assert offered == {Applicability.SAFE}, f"{rule_id} declares safe fixes: {sorted(kinds, key=str)}"
    elif declared == "unsafe":
        assert offered == {Applicability.UNSAFE}, f"{rule_id} declares unsafe fixes: {sorted(kinds, key=str)}"
    else:
        assert len(offered) > 1, (
            f"{rule_id} declares fix: sometimes, but its examples show only {offered}: "
            "show a finding it fixes and one it does not"
        )


# -- styles the examples do not show ------------------------------------------------------


def col80(line: str) -> str:
    """``line`` with its continuation ``\\`` padded out to column 80."""
    return line.ljust(79) + "\\"


#: (rule, bad text, fixed text), byte for byte
LEADING_AND = {
    "DF201-append": (
        "DF201",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n",
    ),
    "DF205-option": (
        "DF205",
        "FROM alpine:3.20\nRUN apk update \\\n    && apk add curl \\\n    && echo ok\n",
        "FROM alpine:3.20\nRUN apk update \\\n    && apk add --no-cache curl \\\n    && echo ok\n",
    ),
    "DF206-append": (
        "DF206",
        "FROM rockylinux:9\nRUN dnf install -y httpd \\\n\t&& echo ok\n",
        "FROM rockylinux:9\nRUN dnf install -y httpd \\\n\t&& echo ok \\\n\t&& dnf clean all\n",
    ),
    "DF207-option": (
        "DF207",
        "FROM python:3.12\nRUN python -m venv /v \\\n    && pip install flask\n",
        "FROM python:3.12\nRUN python -m venv /v \\\n    && pip install --no-cache-dir flask\n",
    ),
    "DF209-append": (
        "DF209",
        "FROM node:20\nRUN yarn install --frozen-lockfile \\\n  && yarn build\n",
        "FROM node:20\nRUN yarn install --frozen-lockfile \\\n  && yarn build \\\n  && yarn cache clean\n",
    ),
    "DF212-option": (
        "DF212",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl\n",
    ),
    "DF221-append": (
        "DF221",
        "FROM debian:12\nRUN curl -fsSLo /tmp/a.tgz https://x.org/a.tgz \\\n    && tar -xzf /tmp/a.tgz -C /opt\n",
        "FROM debian:12\nRUN curl -fsSLo /tmp/a.tgz https://x.org/a.tgz \\\n    && tar -xzf /tmp/a.tgz -C /opt \\\n"
        "    && rm -f /tmp/a.tgz\n",
    ),
    "DF203-merge": (
        "DF203",
        "FROM debian:12\nRUN apt-get update \\\n    && echo updated\nRUN apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get update \\\n    && echo updated \\\n"
        "    && apt-get install -y --no-install-recommends curl\n",
    ),
    "DF223-merge-file-layout": (
        "DF223",
        "FROM debian:12\nRUN mkdir -p /app\nRUN chown nobody /app\nRUN echo \\\n\t&& true\n",
        "FROM debian:12\nRUN mkdir -p /app \\\n\t&& chown nobody /app\nRUN echo \\\n\t&& true\n",
    ),
    "DF420-workdir": (
        "DF420",
        "FROM python:3.12\nCOPY . /src\nRUN cd /src \\\n    && make \\\n    && make install\n",
        "FROM python:3.12\nCOPY . /src\nWORKDIR /src\nRUN make \\\n    && make install\n",
    ),
    "DF423-option": (
        "DF423",
        "FROM debian:12\nRUN groupadd -g 123456 app \\\n    && useradd -u 123456 -g app app\n",
        "FROM debian:12\nRUN groupadd -g 123456 app \\\n    && useradd -l -u 123456 -g app app\n",
    ),
    "DF424-option": (
        "DF424",
        "FROM debian:12\nRUN apt-get update \\\n    && wget -O /tmp/a https://x/a\n",
        "FROM debian:12\nRUN apt-get update \\\n    && wget --progress=dot:giga -O /tmp/a https://x/a\n",
    ),
    "DF427-shell": (
        "DF427",
        "FROM debian:12\n  RUN apt-get update \\\n    && curl -fsSL https://x/a.tgz | tar -xz -C /opt\n",
        'FROM debian:12\n  SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "  RUN apt-get update \\\n    && curl -fsSL https://x/a.tgz | tar -xz -C /opt\n",
    ),
}

SEMICOLONS = {
    "DF201-set-e": (
        "DF201",
        "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends curl; \\\n"
        "    rm -rf /var/lib/apt/lists/*\n",
    ),
    # without `set -e`, `; rm` would make the RUN succeed when the install failed
    "DF201-without-set-e": (
        "DF201",
        "FROM debian:12\nRUN apt-get update; \\\n    apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get update; \\\n    apt-get install -y --no-install-recommends curl && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n",
    ),
    "DF201-one-line": (
        "DF201",
        "FROM debian:12\nRUN apt-get update; apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get update; apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    ),
    "DF206-shell-with-e": (
        "DF206",
        'FROM rockylinux:9\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN dnf install -y httpd; \\\n    echo ok\n',
        'FROM rockylinux:9\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN dnf install -y httpd; \\\n    echo ok; \\\n'
        "    dnf clean all\n",
    ),
    "DF209-tabs": (
        "DF209",
        "FROM node:20\nRUN set -e; \\\n\tyarn install --frozen-lockfile; \\\n\tyarn build\n",
        "FROM node:20\nRUN set -e; \\\n\tyarn install --frozen-lockfile; \\\n\tyarn build; \\\n\tyarn cache clean\n",
    ),
    "DF221-set-plus-e": (
        "DF221",
        "FROM debian:12\nRUN set -eux; \\\n    curl -fsSLo /tmp/a.tgz https://x.org/a.tgz; \\\n    set +e; \\\n"
        "    tar -xzf /tmp/a.tgz -C /opt\n",
        "FROM debian:12\nRUN set -eux; \\\n    curl -fsSLo /tmp/a.tgz https://x.org/a.tgz; \\\n    set +e; \\\n"
        "    tar -xzf /tmp/a.tgz -C /opt && \\\n    rm -f /tmp/a.tgz\n",
    ),
    "DF203-merge": (
        "DF203",
        "FROM debian:12\nRUN set -eux; \\\n    apt-get update\nRUN apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN set -eux; \\\n    apt-get update && \\\n    apt-get install -y --no-install-recommends curl\n",
    ),
    "DF212-option": (
        "DF212",
        "FROM debian:12\nRUN apt-get update; apt-get install --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get update; apt-get install -y --no-install-recommends curl\n",
    ),
    "DF427-shell": (
        "DF427",
        "from debian:12\nrun set -eux; curl -fsSL https://x/a.tgz | tar -xz -C /opt\n",
        'from debian:12\nshell ["/bin/bash", "-o", "pipefail", "-c"]\nrun set -eux; curl -fsSL https://x/a.tgz | tar -xz -C /opt\n',
    ),
}

COLUMN_80 = {
    "DF201-leading": (
        "DF201",
        f"FROM debian:12\n{col80('RUN apt-get update')}\n"
        f"{col80('    && apt-get install -y --no-install-recommends curl')}\n    && echo ok\n",
        f"FROM debian:12\n{col80('RUN apt-get update')}\n"
        f"{col80('    && apt-get install -y --no-install-recommends curl')}\n{col80('    && echo ok')}\n"
        "    && rm -rf /var/lib/apt/lists/*\n",
    ),
    "DF201-trailing": (
        "DF201",
        f"FROM debian:12\n{col80('RUN apt-get update &&')}\n    apt-get install -y --no-install-recommends curl\n",
        f"FROM debian:12\n{col80('RUN apt-get update &&')}\n"
        f"{col80('    apt-get install -y --no-install-recommends curl &&')}\n    rm -rf /var/lib/apt/lists/*\n",
    ),
    "DF201-semicolons": (
        "DF201",
        f"FROM debian:12\n{col80('RUN set -eux;')}\n{col80('    apt-get update;')}\n"
        "    apt-get install -y --no-install-recommends curl\n",
        f"FROM debian:12\n{col80('RUN set -eux;')}\n{col80('    apt-get update;')}\n"
        f"{col80('    apt-get install -y --no-install-recommends curl;')}\n    rm -rf /var/lib/apt/lists/*\n",
    ),
    "DF206-append": (
        "DF206",
        f"FROM rockylinux:9\n{col80('RUN dnf install -y httpd')}\n    && echo ok\n",
        f"FROM rockylinux:9\n{col80('RUN dnf install -y httpd')}\n{col80('    && echo ok')}\n    && dnf clean all\n",
    ),
    "DF221-append": (
        "DF221",
        f"FROM debian:12\n{col80('RUN curl -fsSLo /tmp/a.tgz https://x.org/a.tgz')}\n    && tar -xzf /tmp/a.tgz -C /opt\n",
        f"FROM debian:12\n{col80('RUN curl -fsSLo /tmp/a.tgz https://x.org/a.tgz')}\n"
        f"{col80('    && tar -xzf /tmp/a.tgz -C /opt')}\n    && rm -f /tmp/a.tgz\n",
    ),
    "DF203-merge": (
        "DF203",
        f"FROM debian:12\n{col80('RUN apt-get update')}\n    && echo ok\n"
        "RUN apt-get install -y --no-install-recommends curl\n",
        f"FROM debian:12\n{col80('RUN apt-get update')}\n{col80('    && echo ok')}\n"
        "    && apt-get install -y --no-install-recommends curl\n",
    ),
    "DF205-option": (
        "DF205",
        f"FROM alpine:3.20\n{col80('RUN apk add curl')}\n    && echo ok\n",
        f"FROM alpine:3.20\n{col80('RUN apk add --no-cache curl')}\n    && echo ok\n",
    ),
    "DF207-option": (
        "DF207",
        f"FROM python:3.12\n{col80('RUN pip install flask')}\n    && echo ok\n",
        f"FROM python:3.12\n{col80('RUN pip install --no-cache-dir flask')}\n    && echo ok\n",
    ),
    "DF212-option": (
        "DF212",
        f"FROM debian:12\n{col80('RUN apt-get update')}\n"
        f"{col80('    && apt-get install --no-install-recommends curl')}\n    && echo ok\n",
        f"FROM debian:12\n{col80('RUN apt-get update')}\n"
        f"{col80('    && apt-get install -y --no-install-recommends curl')}\n    && echo ok\n",
    ),
    "DF204-replace": (
        "DF204",
        f"FROM debian:12\n{col80('RUN apt update')}\n    && echo ok\n",
        f"FROM debian:12\n{col80('RUN apt-get update')}\n    && echo ok\n",
    ),
    "DF407-option": (
        "DF407",
        f"FROM opensuse/leap:15.6\n{col80('RUN zypper install curl')}\n    && echo ok\n",
        f"FROM opensuse/leap:15.6\n{col80('RUN zypper -n install curl')}\n    && echo ok\n",
    ),
    "DF420-deletion": (
        "DF420",
        f"FROM python:3.12\nCOPY . /src\n{col80('RUN cd /src && make')}\n    && make install\n",
        f"FROM python:3.12\nCOPY . /src\nWORKDIR /src\n{col80('RUN make')}\n    && make install\n",
    ),
    "DF423-option": (
        "DF423",
        f"FROM debian:12\n{col80('RUN useradd -u 123456 app')}\n    && echo ok\n",
        f"FROM debian:12\n{col80('RUN useradd -l -u 123456 app')}\n    && echo ok\n",
    ),
    "DF424-option": (
        "DF424",
        f"FROM debian:12\n{col80('RUN wget -O /tmp/a https://x/a')}\n    && echo ok\n",
        f"FROM debian:12\n{col80('RUN wget --progress=dot:giga -O /tmp/a https://x/a')}\n    && echo ok\n",
    ),
    "DF301-exec": (
        "DF301",
        f"FROM debian:12\n{col80('CMD cd /app &&')}\n    node server.js\n",
        f"FROM debian:12\n{col80('CMD cd /app &&')}\n    exec node server.js\n",
    ),
    # too little padding to take the option: the escape moves, the padding stays
    "DF423-short-padding": (
        "DF423",
        "FROM debian:12\nRUN useradd -u 123456 app   \\\n    && echo ok\n",
        "FROM debian:12\nRUN useradd -l -u 123456 app   \\\n    && echo ok\n",
    ),
}

#: a CRLF file whose heredoc body ends its lines with LF
_HEREDOC = "RUN <<EOF\nset -e\necho hi\nEOF\r\n"

CRLF_AND_HEREDOCS = {
    "DF201-append": (
        "DF201",
        f"FROM debian:12\r\n{_HEREDOC}RUN apt-get update && \\\r\n    apt-get install -y --no-install-recommends curl\r\n",
        f"FROM debian:12\r\n{_HEREDOC}RUN apt-get update && \\\r\n"
        "    apt-get install -y --no-install-recommends curl && \\\r\n    rm -rf /var/lib/apt/lists/*\r\n",
    ),
    "DF221-append": (
        "DF221",
        f"FROM debian:12\r\n{_HEREDOC}RUN curl -fsSLo /tmp/a.tgz https://x.org/a.tgz \\\r\n"
        "    && tar -xzf /tmp/a.tgz -C /opt\r\n",
        f"FROM debian:12\r\n{_HEREDOC}RUN curl -fsSLo /tmp/a.tgz https://x.org/a.tgz \\\r\n"
        "    && tar -xzf /tmp/a.tgz -C /opt \\\r\n    && rm -f /tmp/a.tgz\r\n",
    ),
    "DF212-lf-body": (
        "DF212",
        "FROM debian:12\r\nRUN <<EOF\napt-get update\napt-get install --no-install-recommends git\nEOF\r\n",
        "FROM debian:12\r\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends git\nEOF\r\n",
    ),
    "DF203-merge": (
        "DF203",
        f"FROM debian:12\r\n{_HEREDOC}RUN apt-get update\r\nRUN apt-get install -y --no-install-recommends curl\r\n",
        f"FROM debian:12\r\n{_HEREDOC}RUN apt-get update && \\\r\n    apt-get install -y --no-install-recommends curl\r\n",
    ),
    "DF223-merge": (
        "DF223",
        f"FROM debian:12\r\n{_HEREDOC}RUN mkdir -p /app\r\nRUN chown nobody /app\r\n",
        f"FROM debian:12\r\n{_HEREDOC}RUN mkdir -p /app && \\\r\n    chown nobody /app\r\n",
    ),
    # the last line has no line end: the inserted line takes the one before
    "DF420-last-line": (
        "DF420",
        f"FROM python:3.12\r\nCOPY . /src\r\n{_HEREDOC}RUN cd /src && make",
        f"FROM python:3.12\r\nCOPY . /src\r\n{_HEREDOC}WORKDIR /src\r\nRUN make",
    ),
    "DF427-shell": (
        "DF427",
        f"FROM debian:12\r\n{_HEREDOC}RUN curl -fsSL https://x/a.tgz | tar -xz -C /opt\r\n",
        f'FROM debian:12\r\n{_HEREDOC}SHELL ["/bin/bash", "-o", "pipefail", "-c"]\r\n'
        "RUN curl -fsSL https://x/a.tgz | tar -xz -C /opt\r\n",
    ),
    # an LF file with a CRLF heredoc body: the new line is LF
    "DF427-crlf-body": (
        "DF427",
        "FROM debian:12\nRUN <<EOF\r\nset -e\r\nEOF\nRUN curl -fsSL https://x/a.tgz | tar -xz -C /opt",
        'FROM debian:12\nRUN <<EOF\r\nset -e\r\nEOF\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN curl -fsSL https://x/a.tgz | tar -xz -C /opt",
    ),
    "DF232-heredoc": (
        "DF232",
        "FROM debian:12\r\nADD <<EOF /etc/motd\nhello\nEOF\r\n",
        "FROM debian:12\r\nCOPY <<EOF /etc/motd\nhello\nEOF\r\n",
    ),
    "DF307-cmd": (
        "DF307",
        f"FROM node:20\r\n{_HEREDOC}RUN node server.js\r\n",
        f'FROM node:20\r\n{_HEREDOC}CMD ["node", "server.js"]\r\n',
    ),
    "DF622-label": (
        "DF622",
        f"FROM debian:12\r\n{_HEREDOC}MAINTAINER Jane <j@x.org>",
        f'FROM debian:12\r\n{_HEREDOC}LABEL org.opencontainers.image.authors="Jane <j@x.org>"',
    ),
    # the install is the last line, without a line end: the moved COPY brings its own
    "DF230-last-line": (
        "DF230",
        "FROM python:3.12\r\nWORKDIR /app\r\nCOPY . .\r\nRUN <<EOF\npip install -r requirements.txt\nEOF",
        "FROM python:3.12\r\nWORKDIR /app\r\nCOPY requirements.txt .\r\nRUN <<EOF\npip install -r requirements.txt\nEOF"
        "\r\nCOPY . .",
    ),
}

CASING = {
    "DF420-capitalised": (
        "DF420",
        "From python:3.12\nCopy . /src\nRun cd /src && make\n",
        "From python:3.12\nCopy . /src\nWorkdir /src\nRun make\n",
    ),
    "DF420-onbuild": (
        "DF420",
        "FROM python:3.12\nCOPY . /src\nonbuild run cd /src && make\n",
        "FROM python:3.12\nCOPY . /src\nonbuild workdir /src\nonbuild run make\n",
    ),
    "DF427-capitalised": (
        "DF427",
        "From debian:12\nRun curl -fsSL https://x/a.tgz | tar -xz -C /opt\n",
        'From debian:12\nShell ["/bin/bash", "-o", "pipefail", "-c"]\nRun curl -fsSL https://x/a.tgz | tar -xz -C /opt\n',
    ),
    "DF307-capitalised": (
        "DF307",
        "From node:20\nRun node server.js\n",
        'From node:20\nCmd ["node", "server.js"]\n',
    ),
    "DF232-capitalised": (
        "DF232",
        "FROM debian:12\nAdd a.txt /a\nONBUILD add b.txt /b\n",
        "FROM debian:12\nCopy a.txt /a\nONBUILD copy b.txt /b\n",
    ),
    "DF230-lowercase": (
        "DF230",
        "from python:3.12\nworkdir /app\ncopy . .\nrun pip install -r requirements.txt\n",
        "from python:3.12\nworkdir /app\ncopy requirements.txt .\nrun pip install -r requirements.txt\ncopy . .\n",
    ),
}

TARGETED = {
    f"{group}-{name}": case
    for group, cases in (
        ("leading-and", LEADING_AND),
        ("semicolons", SEMICOLONS),
        ("column-80", COLUMN_80),
        ("crlf-heredocs", CRLF_AND_HEREDOCS),
        ("casing", CASING),
    )
    for name, case in cases.items()
}


@pytest.mark.parametrize(("rule_id", "text", "expected"), TARGETED.values(), ids=TARGETED.keys())
def test_fix_keeps_a_style_the_examples_do_not_show(rule_id: str, text: str, expected: str) -> None:
    assert fixed(text, rule_id) == expected
