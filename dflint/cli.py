"""The ``dflint`` command line.

Start-up is kept cheap: nothing heavy is imported until a command needs it.
Exit codes: 0 success, 2 when any input could not be read or parsed (the other
inputs are still processed).
"""

from __future__ import annotations

import argparse
import os
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
    """The ``dflint parse`` command's parser (kept under this name for callers)."""
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

    r = sub.add_parser("rules", help="list every rule", description="List every rule dflint has.")
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.set_defaults(handler=_cmd_rules)

    e = sub.add_parser(
        "explain", help="show a rule's documentation", description="Show a rule's documentation."
    )
    e.add_argument("rule", metavar="ID|NAME|ALIAS", help="a rule id (DF101), name or alias (DL3006)")
    e.set_defaults(handler=_cmd_explain)

    i = sub.add_parser(
        "images",
        help="what dflint knows about official base images",
        description="Show the base-image catalogue: every image, an image's tags, or what a "
        "reference such as python:3.12.4-bookworm resolves to, with its variants and sizes.",
    )
    i.add_argument("image", nargs="?", metavar="IMAGE", help="an image (python) or a reference (python:3.12)")
    i.set_defaults(handler=_cmd_images)

    o = sub.add_parser(
        "optimize",
        help="rewrite a single-stage build into a build stage and a slim runtime stage",
        description="Show the multi-stage rewrite of a Dockerfile as a diff, with what each change "
        "does and the estimated saving, or why there is none. Exit 0 with a rewrite, 1 when there "
        "is none (the reason is printed), 2 on bad input. See docs/optimize.md.",
    )
    o.add_argument("file", metavar="FILE", help="the Dockerfile ('-' for stdin)")
    o.add_argument(
        "--context",
        default="",
        metavar="DIR",
        help="the build context, relative to the Dockerfile's directory (default: that directory)",
    )
    o.add_argument("--write", action="store_true", help="write the rewrite to FILE")
    o.add_argument("--format", choices=("text", "json"), default="text")
    o.add_argument(
        "--min-saving-percent",
        type=float,
        default=30.0,
        metavar="N",
        help="offer the rewrite only when it saves at least N%% of the download (default 30)",
    )
    o.add_argument(
        "--min-saving-mb",
        type=float,
        default=20.0,
        metavar="N",
        help="offer the rewrite only when it saves at least N MB of the download (default 20)",
    )
    o.set_defaults(handler=_cmd_optimize)

    v = sub.add_parser(
        "verify",
        help="build the original and the fixed Dockerfile and compare the images",
        description="Build DOCKERFILE and its fixed version (computed in memory; --fixed FILE "
        "compares another Dockerfile instead) with the Docker engine, measure both images (on disk, "
        "compressed, layers, wasted bytes, build time) and compare their config, --smoke output and "
        "--compare-paths files. Exit 0 when the fix saves and behaves the same, 1 when the image "
        "grows, behaves differently or the fixed file does not build, 2 when there is no engine, "
        "the original does not build or the input is bad. See docs/verify.md.",
    )
    v.add_argument("dockerfile", nargs="?", default="Dockerfile", metavar="DOCKERFILE")
    v.add_argument("--context", metavar="DIR", help="the build context (default: the Dockerfile's directory)")
    v.add_argument("--target", metavar="STAGE")
    v.add_argument("--build-arg", dest="build_arg", action="append", default=[], metavar="K=V")
    v.add_argument("--unsafe-fixes", action="store_true", help="apply the unsafe fixes too")
    v.add_argument("--fixed", metavar="FILE", help="compare against this Dockerfile instead of the fix")
    v.add_argument("--fix", action="store_true", help="also write the fix to DOCKERFILE")
    v.add_argument("--smoke", metavar="CMD", help="run CMD in both images (no network) and compare")
    v.add_argument("--smoke-timeout", type=float, default=60.0, metavar="SECONDS")
    v.add_argument("--compare-paths", nargs="+", default=[], metavar="PATH", help="compare files under PATHs")
    v.add_argument("--network", metavar="MODE", help="the builds' network (host, none, default)")
    v.add_argument("--builder", metavar="NAME", help="the buildx builder (a remote BuildKit, ...)")
    v.add_argument("--platform", metavar="PLATFORM")
    v.add_argument("--no-cache", action="store_true")
    v.add_argument("--repeat", type=int, default=1, metavar="N", help="build each side N times (no cache)")
    v.add_argument("--keep", action="store_true", help="keep the images and temporary files")
    v.add_argument(
        "--registry",
        metavar="HOST:PORT",
        default=os.environ.get("DFLINT_VERIFY_REGISTRY"),
        help="push both images there to measure compressed sizes when the builder cannot export OCI "
        "(default: $DFLINT_VERIFY_REGISTRY)",
    )
    v.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    v.add_argument("--output-file", "-o", metavar="FILE")
    v.set_defaults(handler=_cmd_verify)

    mg = sub.add_parser(
        "migrate",
        help="write a dflint configuration from another linter's",
        description="Write a .dflint.yaml from another linter's configuration. See docs/migrating.md.",
    )
    tools = mg.add_subparsers(dest="tool", metavar="TOOL", required=True)
    h = tools.add_parser(
        "hadolint",
        help="from a .hadolint.yaml",
        description="Write .dflint.yaml beside a .hadolint.yaml: DL codes become rule ids (the code "
        "stays in a comment), the file's comments are kept, and keys dflint has no equivalent for "
        "become comments saying why. Exit 0, or 2 after any error. See docs/migrating.md.",
    )
    h.add_argument("path", nargs="?", default=".", metavar="PATH", help="the .hadolint.yaml or its directory")
    h.add_argument("--force", action="store_true", help="overwrite an existing .dflint.yaml")
    h.add_argument("--stdout", action="store_true", help="print the configuration instead of writing it")
    h.add_argument(
        "--pragmas",
        action="store_true",
        help="also rewrite `# hadolint ignore=` comments in the Dockerfiles under the directory "
        "to `# dflint: ignore=`",
    )
    h.set_defaults(handler=_cmd_migrate)

    n = sub.add_parser(
        "init",
        help="write a commented starter .dflint.yaml",
        description="Write a .dflint.yaml with every key commented out and explained. Exit 2 if "
        "one exists (unless --force).",
    )
    n.add_argument("--path", default=".", metavar="DIR", help="where to write it (default: .)")
    n.add_argument("--force", action="store_true", help="overwrite an existing .dflint.yaml")
    n.set_defaults(handler=_cmd_init)
    return parser


SUBCOMMANDS = ("parse", "rules", "explain", "images", "optimize", "verify", "migrate", "init")


def _codes(values: list[str]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def lint_parser() -> argparse.ArgumentParser:
    from dflint import __version__
    from dflint.report import FORMATS

    p = argparse.ArgumentParser(
        prog="dflint",
        usage="dflint [OPTIONS] [PATHS...]\n       dflint {" + ",".join(SUBCOMMANDS) + "} ...",
        description="Lint Dockerfiles (and fix what can be fixed). Other commands: "
        "`dflint parse FILE` prints the parse, `dflint rules` lists the rules, "
        "`dflint explain ID` shows a rule's documentation, `dflint images [IMAGE]` what "
        "dflint knows of official base images.",
    )
    p.add_argument("--version", action="version", version=f"dflint {__version__}")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATHS",
        help="files or directories to lint (default: .); '-' reads standard input",
    )
    g = p.add_argument_group("rule selection")
    g.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="replace the enabled rules with these (ids, prefixes such as DF2, categories, names, aliases such as DL3008)",
    )
    g.add_argument(
        "--extend-select", action="append", default=[], metavar="CODES", help="enable these rules too"
    )
    g.add_argument("--ignore", action="append", default=[], metavar="CODES", help="disable these rules")
    g.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="RULE=LEVEL",
        help="override a rule's severity (error, warning, info, style)",
    )
    g.add_argument(
        "--failure-threshold",
        choices=("error", "warning", "info", "style", "none"),
        help="exit 1 only for findings at or above this severity (default: info)",
    )
    g.add_argument(
        "--config",
        metavar="FILE",
        help="use this configuration (.dflint.yaml, pyproject.toml or .hadolint.yaml) for every file",
    )
    f = p.add_argument_group("fixing")
    f.add_argument("--fix", action="store_true", help="apply safe fixes, rewriting the files")
    f.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply (with --fix / --diff) or show unsafe fixes"
    )
    f.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of the fixes instead of writing them; exit 1 if there are any",
    )
    f.add_argument(
        "--fix-only",
        action="store_true",
        help="apply fixes and report only what was fixed, not what remains (exit 0 unless an error)",
    )
    f.add_argument(
        "--show-fixes", action="store_true", help="list the fixes applied (or, with --diff, that would be)"
    )
    o = p.add_argument_group("output")
    o.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    o.add_argument("--output-file", "-o", metavar="FILE", help="write the report to a file")
    o.add_argument("--statistics", action="store_true", help="count the findings per rule")
    o.add_argument("--quiet", "-q", action="store_true", help="only the findings, one line each")
    o.add_argument(
        "--show-source",
        dest="show_source",
        action="store_true",
        default=True,
        help="show the source lines of each finding (default)",
    )
    o.add_argument("--no-show-source", dest="show_source", action="store_false")
    o.add_argument(
        "--no-color", action="store_true", help="no colour (also: NO_COLOR; FORCE_COLOR forces it)"
    )
    o.add_argument(
        "--verbose", "-v", action="store_true", help="say which configuration was used, and timing"
    )
    m = p.add_argument_group("input")
    m.add_argument("--stdin-filename", metavar="PATH", help="the name of the file read from standard input")
    m.add_argument(
        "--jobs", "-j", type=int, metavar="N", help="files linted in parallel (default: all cores)"
    )
    m.add_argument(
        "--no-respect-gitignore",
        dest="respect_gitignore",
        action="store_false",
        help="also lint files that .gitignore ignores",
    )
    return p


def _cmd_lint(argv: Sequence[str]) -> int:
    from dflint.run import Options, execute

    parser = lint_parser()
    args = parser.parse_args(argv)
    severity = {}
    for item in args.severity:
        rule, sep, level = item.partition("=")
        if not sep or level.strip().lower() not in ("error", "warning", "info", "style"):
            parser.error(
                f"--severity needs RULE=LEVEL with LEVEL error, warning, info or style, not {item!r}"
            )
        severity[rule.strip()] = level.strip().lower()
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    options = Options(
        paths=args.paths,
        stdin_filename=args.stdin_filename,
        config=args.config,
        select=None if args.select is None else _codes(args.select),
        extend_select=_codes(args.extend_select),
        ignore=_codes(args.ignore),
        severity=severity,
        failure_threshold=args.failure_threshold,
        format=args.format,
        output_file=args.output_file,
        statistics=args.statistics,
        quiet=args.quiet,
        show_source=args.show_source,
        color=False if args.no_color else None,
        jobs=args.jobs,
        verbose=args.verbose,
        fix=args.fix or args.fix_only,
        unsafe_fixes=args.unsafe_fixes,
        diff=args.diff,
        fix_only=args.fix_only,
        show_fixes=args.show_fixes,
        respect_gitignore=args.respect_gitignore,
    )
    return execute(options)


def _cmd_rules(args: argparse.Namespace) -> int:
    from dflint.catalogue import builtin_rules
    from dflint.docs import rules_json, rules_text

    rules = builtin_rules()
    sys.stdout.write(rules_json(rules) if args.format == "json" else rules_text(rules))
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    from dflint.catalogue import builtin_rules
    from dflint.docs import rule_markdown
    from dflint.selection import Selector

    rules = builtin_rules()
    ids = Selector(rules).resolve_code(args.rule)
    if not ids:
        print(f"dflint: error: no rule is called {args.rule!r} (see `dflint rules`)", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write("\n".join(rule_markdown(rules[i]) for i in sorted(ids)))
    return EXIT_OK


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Rows in aligned columns (numbers right-aligned), under a header."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        out = []
        for cell, width in zip(cells, widths, strict=True):
            numeric = cell[:1].isdigit() and cell.endswith("B")
            out.append(cell.rjust(width) if numeric else cell.ljust(width))
        return "  ".join(out).rstrip()

    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *map(line, rows)]) + "\n"


def _cmd_images(args: argparse.Namespace) -> int:
    from dflint.model import base_images as kb

    catalogue = kb.catalogue()

    def row_cells(r: kb.Row) -> tuple[str, ...]:
        return (
            r.reference,
            r.variant,
            r.os,
            kb.human_size(r.compressed_bytes),
            kb.human_size(r.on_disk_bytes),
            r.date or "-",
        )

    header = ("image", "variant", "built on", "download", "on disk", "built")
    out = sys.stdout
    if args.image is None:
        rows = [
            (
                name,
                str(len(tags)),
                kb.human_size(min(t.compressed_bytes for t in tags)),
                kb.human_size(max(t.compressed_bytes for t in tags)),
            )
            for name, tags in catalogue.items()
        ]
        out.write(_table(("image", "tags", "smallest download", "largest download"), rows))
    elif ":" not in args.image and "@" not in args.image and args.image in catalogue:
        image = args.image
        out.write(_table(header, [row_cells(r) for r in catalogue[image]]))
    else:
        found = kb.lookup(args.image)
        if isinstance(found, kb.Unknown):
            print(f"{found.reference}: unknown: {found.reason}", file=sys.stderr)
            return EXIT_ERROR
        how = "exact" if found.exact else found.note
        out.write(f"{found.reference}: {found.row.reference} ({how})\n\n")
        out.write(_table(header, [row_cells(found.row)] + [row_cells(r) for r in kb.siblings(found.row)]))
        image = found.row.image
    if args.image is not None and kb.distroless(image):
        out.write(f"\ndistroless equivalent: {kb.distroless(image)} (not sized in the catalogue)\n")
    out.write(f"\nSizes for {kb.platform()}; download = compressed layers. Source: {kb.source()}\n")
    return EXIT_OK


def _cmd_optimize(args: argparse.Namespace) -> int:
    import json

    from dflint.model import base_images as kb
    from dflint.model.context import locate
    from dflint.optimize import Gate, Rewrite, optimise
    from dflint.run import unified_diff, write_atomically

    path = args.file
    if args.write and path == "-":
        print("dflint: --write needs a file, not stdin", file=sys.stderr)
        return EXIT_ERROR
    stdin = sys.stdin.buffer.read() if path == "-" else None
    try:
        df = parse_file(path, stdin)
    except InputError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_ERROR
    text = df.code
    context = locate(path, args.context) if path != "-" else None
    gate = Gate(min_percent=args.min_saving_percent, min_bytes=int(args.min_saving_mb * 1_000_000))
    found = optimise(text, df=df, context=context, gate=gate)
    shown = "<stdin>" if path == "-" else path
    if not isinstance(found, Rewrite):
        start = None
        if found.instruction is not None:
            from dflint.syntax.positions import Positions

            start = Positions(df).span(found.instruction).start
        if args.format == "json":
            declined = {"file": shown, "rewrite": None, "declined": found.kind, "reason": found.reason}
            if start is not None:
                declined.update(line=start.line, column=start.column)
            print(json.dumps(declined))
        else:
            where = f":{start.line}:{start.column}" if start is not None else ""
            print(f"{shown}{where}: no rewrite ({found.kind}): {found.reason}")
        return 1
    saved = (found.before_bytes or 0) - (found.after_bytes or 0)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "file": shown,
                    "recipe": found.recipe,
                    "builder": found.builder,
                    "runtime": found.runtime,
                    "changes": found.changes,
                    "estimate": {
                        "before_bytes": found.before_bytes,
                        "after_bytes": found.after_bytes,
                        "saving": round(found.saving or 0.0, 4),
                        "basis": found.basis,
                    },
                    "rewrite": found.text,
                    "diff": unified_diff(shown, text, found.text),
                },
                indent=2,
            )
        )
    else:
        out = sys.stdout
        out.write(f"{shown}: {found.recipe} recipe: build on {found.builder}, run on {found.runtime}\n")
        for change in found.changes:
            out.write(f"  - {change}\n")
        out.write(
            f"  estimated download: {kb.human_size(found.before_bytes)} -> {kb.human_size(found.after_bytes)}"
            f" (saves {kb.human_size(saved)}, {found.saving or 0:.0%}; estimate from {'; '.join(found.basis)})\n"
        )
        out.write("\n")
        out.write(unified_diff(shown, text, found.text))
    if args.write:
        problem = write_atomically(path, found.text, text)
        if problem:
            print(f"{path}: {problem}", file=sys.stderr)
            return EXIT_ERROR
        print(f"Wrote {path}", file=sys.stderr)
    return EXIT_OK


def _cmd_migrate(args: argparse.Namespace) -> int:
    from dflint.migrate import migrate_hadolint

    return migrate_hadolint(args.path, force=args.force, stdout=args.stdout, pragmas=args.pragmas)


def _cmd_init(args: argparse.Namespace) -> int:
    from dflint.migrate import init

    return init(args.path, force=args.force)


def _cmd_verify(args: argparse.Namespace) -> int:
    from dflint.verify.engine import EngineError
    from dflint.verify.run import VerifyFailed, VerifyOptions, verify, write_fix

    if args.repeat < 1:
        print("dflint: --repeat needs at least 1", file=sys.stderr)
        return EXIT_ERROR
    relative = [p for p in args.compare_paths if not p.startswith("/")]
    if relative:
        print(
            f"dflint: --compare-paths needs absolute paths in the image, not {relative[0]}", file=sys.stderr
        )
        return EXIT_ERROR
    options = VerifyOptions(
        dockerfile=args.dockerfile,
        context=args.context,
        target=args.target,
        build_args=args.build_arg,
        unsafe_fixes=args.unsafe_fixes,
        fixed=args.fixed,
        fix=args.fix,
        smoke=args.smoke,
        smoke_timeout=args.smoke_timeout,
        compare_paths=args.compare_paths,
        network=args.network,
        builder=args.builder,
        platform=args.platform,
        no_cache=args.no_cache,
        repeat=args.repeat,
        keep=args.keep,
        registry=args.registry,
    )
    from dflint.verify.progress import Progress

    with Progress(sys.stderr) as progress:
        try:
            result = verify(options, progress.line)
        except EngineError as exc:
            progress.stop()
            print(f"dflint: {exc}", file=sys.stderr)
            return EXIT_ERROR
        except VerifyFailed as exc:
            progress.stop()
            print(f"dflint: {exc.message}", file=sys.stderr)
            for line in exc.log:
                print(f"  | {line}", file=sys.stderr)
            if exc.code == 0 and args.format == "json":
                import json

                print(json.dumps({"verdict": exc.message, "exit_code": 0}))
            return exc.code
    from dflint.verify import report

    if args.format == "text":
        rendered = report.render_text(result, color=not args.output_file and sys.stdout.isatty())
    else:
        rendered = {"json": report.render_json, "markdown": report.render_markdown}[args.format](result)
    if args.output_file:
        try:
            with open(args.output_file, "w", encoding="utf-8") as f:
                f.write(rendered)
        except OSError as exc:
            print(f"dflint: {args.output_file}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERROR
    else:
        sys.stdout.write(rendered)
    code = report.exit_code(result)
    if args.fix and args.fixed is None:
        if code != 0:
            print(f"dflint: {args.dockerfile} not written: the verification did not pass", file=sys.stderr)
        else:
            problem = write_fix(options, result)
            if problem:
                print(f"dflint: {problem}", file=sys.stderr)
                return EXIT_ERROR
            print(f"Wrote the fix to {args.dockerfile}", file=sys.stderr)
    return code


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that what is being written is cleaned
    up (``--fix`` writes through a temporary file and a rename: a file is either the old
    one or the new one, never half of each)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    import signal
    import threading

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _main(argv)
    except Terminated:
        print("dflint: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or argv[0] not in SUBCOMMANDS:
            if argv and argv[0] in ("-h", "--help"):
                lint_parser().print_help()
                return EXIT_OK
            return _cmd_lint(argv)
        parser = build_parser()
        args = parser.parse_args(argv)
        if hasattr(args, "build_args"):
            try:
                args.build_args = _build_args(args.build_args)
            except argparse.ArgumentTypeError as exc:
                parser.error(str(exc))
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("dflint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
