"""The ``dflint`` command line.

Start-up is kept cheap: nothing heavy is imported until a command needs it.
Exit codes: 0 success, 2 when any input could not be read or parsed (the other
inputs are still processed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass

EXIT_OK = 0
EXIT_ERROR = 2


@dataclass(frozen=True, slots=True)
class InputError(Exception):
    """An input that could not be read as a Dockerfile, as one line of text."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    source_line: str | None = None

    def render(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: error: {self.message}"
        if self.source_line is not None and self.line is not None:
            caret = " " * ((self.column or 1) - 1) + "^"
            text += f"\n  {self.source_line.expandtabs(1)}\n  {caret}"
        return text


def read_dockerfile(path: str, stdin: bytes | None = None) -> str:
    """The text of a Dockerfile, or InputError with a one-line reason."""
    import os

    display = "<stdin>" if path == "-" else path
    if path == "-":
        data = stdin if stdin is not None else sys.stdin.buffer.read()
    else:
        if os.path.isdir(path):
            raise InputError(display, "is a directory, not a Dockerfile")
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise InputError(display, "no such file") from None
        except PermissionError:
            raise InputError(display, "permission denied") from None
        except OSError as exc:
            raise InputError(display, f"cannot read: {exc.strerror or exc}") from None
    if not data:
        raise InputError(display, "empty file: a Dockerfile needs at least one instruction", line=1, column=1)
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        raise InputError(display, "binary file (contains a NUL byte), not a Dockerfile", line=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise InputError(
            display, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line=line, column=column
        ) from None


def parse_file(path: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    """Read and parse one file; InputError for anything that is not a valid Dockerfile."""
    from dflint.syntax.errors import DockerfileSyntaxError
    from dflint.syntax.parser import parse

    text = read_dockerfile(path, stdin)
    display = "<stdin>" if path == "-" else path
    try:
        return parse(text, path=display)
    except DockerfileSyntaxError as exc:
        raise InputError(display, exc.message, exc.line, exc.column, exc.source_line) from None


def _json_with_model(df, path: str, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    import json

    from dflint.model.dump import model_json
    from dflint.model.stages import Model, TargetNotFound
    from dflint.syntax import dump

    data = dump.tree_json(df)
    try:
        model = Model(df, build_args=args.build_args, target=args.target)
    except TargetNotFound as exc:
        raise InputError("<stdin>" if path == "-" else path, str(exc)) from None
    data["model"] = model_json(model)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _build_args(values: list[str]) -> dict[str, str]:
    """``--build-arg KEY=VALUE``, or ``KEY`` alone for the environment's value (as
    docker build does; skipped when the environment does not set it)."""
    import os

    out = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not key:
            raise argparse.ArgumentTypeError(f"--build-arg needs KEY=VALUE or KEY, not {value!r}")
        if sep:
            out[key] = val
        elif key in os.environ:
            out[key] = os.environ[key]
    return out


def _cmd_parse(args: argparse.Namespace) -> int:
    from dflint.syntax import dump

    def render(df, path: str) -> str:  # type: ignore[no-untyped-def]
        if args.format == "json":
            return _json_with_model(df, path, args)
        return {"buildkit": dump.to_buildkit, "tree": dump.to_tree}[args.format](df)

    status = EXIT_OK
    out = sys.stdout
    many = len(args.files) > 1
    stdin = None
    for i, path in enumerate(args.files):
        if path == "-" and stdin is None:
            stdin = sys.stdin.buffer.read()
        try:
            df = parse_file(path, stdin)
            text = render(df, path)
        except InputError as exc:
            print(exc.render(), file=sys.stderr)
            status = EXIT_ERROR
            continue
        if many:
            out.write(("\n" if i else "") + f"==> {path} <==\n")
        out.write(text)
    return status


def build_parser() -> argparse.ArgumentParser:
    from dflint import __version__

    parser = argparse.ArgumentParser(
        prog="dflint", description="A Dockerfile linter and optimiser that fixes what it finds."
    )
    parser.add_argument("--version", action="version", version=f"dflint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser(
        "parse",
        help="print the parse of Dockerfiles",
        description="Parse Dockerfiles and print the result. Exit 2 if any file fails to parse.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="Dockerfiles to parse ('-' for stdin)")
    p.add_argument(
        "--format",
        choices=("tree", "json", "buildkit"),
        default="tree",
        help="tree: a readable outline; json: the typed tree with spans, and the model "
        "(stages, base images, parsed RUN commands); buildkit: BuildKit's own AST dump (Node.Dump)",
    )
    p.add_argument(
        "--build-arg",
        dest="build_args",
        action="append",
        default=[],
        metavar="KEY[=VALUE]",
        help="a build argument, as for docker build (for the json model)",
    )
    p.add_argument("--target", help="the target stage, as for docker build (for the json model)")
    p.set_defaults(handler=_cmd_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(args, "build_args"):
        try:
            args.build_args = _build_args(args.build_args)
        except argparse.ArgumentTypeError as exc:
            parser.error(str(exc))
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
