"""csvtable: read a CSV file and print it as a table, with a totals row for numeric columns."""

import argparse
import csv
import sys

from tabulate import tabulate


def _number(text):
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description="Render a CSV file as a table with column totals.")
    parser.add_argument("csvfile", nargs="?", help="CSV file (default: stdin)")
    parser.add_argument("--format", default="github", help="tabulate table format (default: github)")
    args = parser.parse_args(argv)

    handle = open(args.csvfile, newline="", encoding="utf-8") if args.csvfile else sys.stdin
    with handle:
        rows = list(csv.reader(handle))
    if not rows:
        print("empty input", file=sys.stderr)
        return 1
    header, body = rows[0], rows[1:]
    totals = []
    for col in range(len(header)):
        values = [_number(r[col]) for r in body if col < len(r)]
        if body and all(v is not None for v in values):
            totals.append(sum(values))
        else:
            totals.append("TOTAL" if col == 0 else "")
    print(tabulate([*body, totals], headers=header, tablefmt=args.format, floatfmt=".2f"))
    print(f"{len(body)} rows, {len(header)} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
