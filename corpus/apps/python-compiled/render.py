"""render: turn a tab-separated file of (author, comment) lines into a safe HTML list.

Escaping is done by MarkupSafe, whose C speedups were compiled from source at build time;
the report says whether the compiled extension is the one really in use.
"""

import importlib.util
import sys

import markupsafe
from markupsafe import Markup, escape

ITEM = Markup("<li><b>{author}</b>: {text} <small>({n} chars escaped)</small></li>")


def speedups_in_use():
    spec = importlib.util.find_spec("markupsafe._speedups")
    compiled = spec is not None and spec.origin.endswith(".so")
    native = type(escape).__name__ == "builtin_function_or_method"
    return compiled and native


def main(path):
    items = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            author, _, text = line.partition("\t")
            escaped = escape(text)
            items.append(ITEM.format(author=author, text=text, n=len(escaped) - len(text)))
    print(Markup("<ul>\n{}\n</ul>").format(Markup("\n").join(items)))
    print(f"markupsafe {markupsafe.__version__}, C speedups in use: {'yes' if speedups_in_use() else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/app/comments.tsv"))
