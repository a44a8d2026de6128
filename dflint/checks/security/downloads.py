"""Downloads in RUN, and the programs that could run what they fetch (DF503, DF504).

``curl`` and ``wget`` are the downloaders. What a shell or interpreter runs is read
from its argv the way it reads it: ``-c CODE`` (``-e``, ``-r`` ...) runs the code given,
a first operand is the script file, and with neither (or with ``-s``, ``-`` or
``/dev/stdin``) the script is read from standard input.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dflint.model.commands import CommandModel
from dflint.model.shell import ShellWord, SimpleCommand

DOWNLOADERS = frozenset({"curl", "wget"})
SHELLS = frozenset({"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh"})


@dataclass(frozen=True, slots=True)
class _Interpreter:
    inline: str  #: short options whose value is the code to run (``-c``, ``-e``)
    values: str  #: short options that take a value (attached, or the next word)
    module: str = ""  #: short options after which no script is read (``python -m``)
    script: str = ""  #: short options whose value is the script file (``php -f``)
    long_inline: frozenset[str] = frozenset()
    long_values: frozenset[str] = frozenset()


_INTERPRETERS = {
    "python": _Interpreter(inline="c", values="WXQ", module="m"),
    "perl": _Interpreter(inline="eE", values="IMmdDlx"),
    "ruby": _Interpreter(inline="e", values="IrEFCx"),
    "node": _Interpreter(
        inline="ep",
        values="r",
        long_inline=frozenset({"--eval", "--print"}),
        long_values=frozenset({"--require", "--import", "--loader", "--experimental-loader"}),
    ),
    # -B/-R/-F/-E run code per line of input (the input is data)
    "php": _Interpreter(inline="rBRFE", values="dcz", script="f"),
}


@dataclass(frozen=True, slots=True)
class ScriptSource:
    """Where a shell or interpreter takes the script it runs."""

    kind: str  #: "stdin", "inline" (an option's value), "file" (an operand) or "other"
    index: int | None = None  #: argv index of the code or file word


def script_source(model: CommandModel) -> ScriptSource | None:
    """Where the command's program takes its script; None for other programs. A word
    that is not static is taken for an operand (``sh -c "$SCRIPT"``, ``bash "$f"``)."""
    argv = model.argv
    start = model.tool_index + 1
    if model.tool in SHELLS:
        return _shell_source(argv, start)
    if model.tool in (".", "source"):
        if len(argv) <= start:
            return None
        return ScriptSource("stdin") if argv[start] == "/dev/stdin" else ScriptSource("file", start)
    spec = _INTERPRETERS.get(model.tool)
    return None if spec is None else _interpreter_source(spec, argv, start)


def _shell_source(argv: Sequence[str | None], i: int) -> ScriptSource | None:
    inline = stdin = False
    while i < len(argv):
        word = argv[i]
        if word is None:  # a word that expands at run time: read as the first operand
            break
        if word in ("-", "--"):
            i += 1
            break
        if word.startswith("--"):  # --norc, --login; --rcfile FILE
            i += 2 if word in ("--rcfile", "--init-file") else 1
            continue
        if len(word) < 2 or word[0] not in "-+":
            break
        i += 1
        for letter in word[1:]:
            if letter in "oO":  # -o pipefail, -O extglob: the option's name follows
                i += 1
            elif word[0] == "-" and letter == "c":
                inline = True
            elif word[0] == "-" and letter == "s":
                stdin = True
    if inline:  # the first operand is the code
        return ScriptSource("inline", i if i < len(argv) else None)
    if stdin or i >= len(argv):
        return ScriptSource("stdin")
    return ScriptSource("stdin") if argv[i] == "/dev/stdin" else ScriptSource("file", i)


def _interpreter_source(spec: _Interpreter, argv: Sequence[str | None], i: int) -> ScriptSource | None:
    while i < len(argv):
        word = argv[i]
        if word is None:  # as for shells: the first operand
            break
        if word == "--":
            return ScriptSource("stdin")  # what follows are the script's arguments
        if word == "-" or not word.startswith("-"):
            break
        if word.startswith("--"):
            name = word.split("=", 1)[0]
            if name in spec.long_inline:
                return ScriptSource("inline", i if "=" in word else i + 1)
            i += 2 if name in spec.long_values and "=" not in word else 1
            continue
        i += 1
        for at, letter in enumerate(word[1:], 2):
            attached = at < len(word)
            if letter in spec.inline:
                return ScriptSource("inline", i - 1 if attached else i)
            if letter in spec.module:
                return ScriptSource("other")
            if letter in spec.script:
                return ScriptSource("file", i - 1 if attached else i)
            if letter in spec.values:
                i += 0 if attached else 1
                break
    if i >= len(argv) or argv[i] in ("-", "/dev/stdin"):
        return ScriptSource("stdin")
    return ScriptSource("file", i)


def urls(command: SimpleCommand, model: CommandModel) -> list[ShellWord]:
    """The words a curl or wget command downloads (operands, and curl's ``--url``)."""
    if model.tool not in DOWNLOADERS:
        return []
    indexes = [o.index for o in model.operands]
    if model.tool == "curl":
        indexes += [o.value_index for o in model.options_named("url") if o.value_index is not None]
    return [command.words[i] for i in sorted(set(indexes)) if i < len(command.words)]


def writes_to_stdout(command: SimpleCommand, model: CommandModel) -> bool:
    """Whether a curl or wget command writes what it downloads to standard output:
    ``curl URL`` with fewer ``-o``/``-O`` than URLs (or ``-o -``), ``wget -O- URL``."""
    found = urls(command, model)
    if not found:
        return False
    stdout = ("-", "/dev/stdout")
    if model.tool == "curl":
        if model.has_option("remote-name-all"):
            return False
        outputs = model.options_named("output", "remote-name")
        return len(outputs) < len(found) or any(o.name == "output" and o.value in stdout for o in outputs)
    return model.option_value("output-document") in stdout


# -- plain http ------------------------------------------------------------------------

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)")
#: ``download.example.com/path``: curl and wget take a URL without scheme as http
_SCHEMELESS = re.compile(r"((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d+)?)/")
#: names that never leave the machine or the local network
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def http_host(url: str, *, schemeless: bool) -> str | None:
    """The host of an ``http://`` URL (None for any other scheme); with ``schemeless``,
    also of ``host.tld/path``, which curl and wget fetch over http."""
    match = _SCHEME.match(url)
    if match:
        if match.group(1).lower() != "http":
            return None
        authority = match.group(2)
    else:
        plain = _SCHEMELESS.match(url) if schemeless else None
        if plain is None:
            return None
        authority = plain.group(1)
    host = authority.rsplit("@", 1)[-1]
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    return host.split(":", 1)[0]


def is_local(host: str) -> bool:
    """Whether a host is this machine or the local network: ``localhost``, loopback,
    private and link-local addresses, a name without a dot (a service on the build's
    network, ``http://mirror:8080``), and the ``.local``/``.internal``/``.lan`` names."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(_LOCAL_SUFFIXES):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return "." not in name
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified
