"""Command line entry point: ``python -m inkwell`` or the ``inkwell`` script."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from . import __version__
from .render import markdown, markdown_page

DEFAULT_CSS = """body { max-width: 42rem; margin: 2rem auto; font: 16px/1.6 system-ui, sans-serif; }
pre { background: #f6f6f4; padding: .75rem; overflow-x: auto; }
code { font-family: ui-monospace, monospace; }
nav.toc { border-left: 3px solid #ddd; padding-left: 1rem; }"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="inkwell",
        description="Convert Markdown files to HTML.",
    )
    p.add_argument("inputs", nargs="*", type=Path, help="Markdown files (default: stdin)")
    p.add_argument("-o", "--output", type=Path, help="output file, or folder when several inputs are given")
    p.add_argument("--page", action="store_true", help="emit a complete HTML page, not a fragment")
    p.add_argument("--toc", action="store_true", help="add a table of contents (implies --page)")
    p.add_argument("--title", help="page title (default: first heading)")
    p.add_argument("--lang", default="en", help="value of <html lang> (default: en)")
    p.add_argument("--no-style", action="store_true", help="do not embed the default stylesheet")
    p.add_argument("--version", action="version", version=f"inkwell {__version__}")
    return p


def convert(text: str, args: argparse.Namespace) -> str:
    if args.page or args.toc:
        return markdown_page(
            text,
            title=args.title,
            lang=args.lang,
            toc=args.toc,
            css=None if args.no_style else DEFAULT_CSS,
        )
    return markdown(text)


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)

    if not args.inputs:
        sys.stdout.write(convert(sys.stdin.read(), args))
        return 0

    many = len(args.inputs) > 1
    if many and args.output and args.output.suffix:
        print("inkwell: with several inputs, --output must be a folder", file=sys.stderr)
        return 2

    status = 0
    for src in args.inputs:
        try:
            text = src.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"inkwell: {src}: {exc}", file=sys.stderr)
            status = 1
            continue
        html = convert(text, args)
        if args.output is None:
            sys.stdout.write(html)
        else:
            dest = args.output / (src.stem + ".html") if many else args.output
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(html, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
