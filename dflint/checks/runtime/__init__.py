"""DF3xx: CMD, ENTRYPOINT and the runtime configuration of the image."""

from __future__ import annotations

import json
import re

from dflint.syntax import cst

#: instructions whose arguments are a command, in exec or shell form
COMMAND_INSTRUCTIONS = (cst.Cmd, cst.Entrypoint, cst.Run, cst.Shell, cst.Healthcheck)


def display_name(instr: cst.Instruction) -> str:
    return "HEALTHCHECK CMD" if isinstance(instr, cst.Healthcheck) else instr.keyword.value.upper()


def failure(instr: cst.Instruction) -> str:
    """What goes wrong when the command of ``instr`` cannot be run."""
    if isinstance(instr, cst.Run):
        return "the build fails"
    if isinstance(instr, cst.Shell):
        return "every later shell-form instruction fails"
    if isinstance(instr, cst.Healthcheck):
        return "the container is reported unhealthy"
    return "the container exits at once"


#: characters that mean shell syntax outside quotes (and, for the first three, inside
#: double quotes too); a leading NAME= is an assignment
_SPECIAL = set("$`\\|&;<>(){}*?[]~#\n")
_ASSIGNMENT = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*=")


def needs_shell(command: str) -> bool:
    """Whether running ``command`` takes more than splitting it into words: expansions,
    operators, redirections, globs, comments or escapes outside single quotes."""
    if _ASSIGNMENT.match(command):
        return True
    quote = None
    for c in command:
        if quote == "'":
            quote = None if c == "'" else quote
        elif quote == '"':
            if c in "$`\\":
                return True
            quote = None if c == '"' else quote
        elif c in "'\"":
            quote = c
        elif c in _SPECIAL:
            return True
    return False


def plain_words(command: str) -> list[str] | None:
    """The words of a command line that needs no shell (words and quotes only), split
    exactly as sh splits them; None when it needs a shell or cannot be split."""
    import shlex

    if needs_shell(command):
        return None
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    return words or None


def broken_exec_form(text: str) -> tuple[bool, list[str] | None]:
    """Whether shell-form ``text`` was meant as exec form (DF302's domain), and its
    strings when they can be read unambiguously."""
    text = text.strip()
    if not text.startswith("["):
        return False, None
    argv = loose_string_list(text)
    # `RUN [ -f x ]`, `RUN [ "$A" = b ]`: the test command, not a broken array
    return argv is not None or text[1:2] in ("'", '"'), argv


def exec_array(argv: list[str]) -> str:
    """``argv`` as the JSON array BuildKit reads as exec form."""
    return "[" + ", ".join(json.dumps(a, ensure_ascii=False) for a in argv) + "]"


def loose_string_list(text: str) -> list[str] | None:
    """The strings of a list written almost as JSON: single or double quotes, a trailing
    comma; None unless every element is one plain string literal (no adjacent literals,
    no prefixes), so the intent is unambiguous."""
    import ast
    import io
    import tokenize
    import warnings

    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(text.strip()).readline)
            if t.type
            not in (tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT)
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    if len(tokens) < 2 or tokens[0].string != "[" or tokens[-1].string != "]":
        return None
    out: list[str] = []
    expect_string = True
    for token in tokens[1:-1]:
        if expect_string and token.type == tokenize.STRING and token.string[0] in "'\"":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "\p" in a Windows path: kept as written
                try:
                    value = ast.literal_eval(token.string)
                except (ValueError, SyntaxError):
                    return None
            if not isinstance(value, str) or any("\ud800" <= ch <= "\udfff" for ch in value):
                return None  # a lone surrogate (`"\ud800"`) has no UTF-8 form: no string to write
            out.append(value)
            expect_string = False
        elif not expect_string and token.string == ",":
            expect_string = True
        else:
            return None
    return out
