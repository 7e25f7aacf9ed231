#!/usr/bin/env python3
"""Report broken links in a folder of Markdown files.

Checks, for every ``[text](target)`` in every ``*.md`` file:

* relative targets point at a file that exists;
* ``#anchor`` parts match a heading in the target document;
* with ``--external``, http(s) targets answer a HEAD request with a 2xx/3xx.

Exit status is 1 when anything is broken, so it can run in CI.
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


def slug(text: str) -> str:
    text = re.sub(r"[^\w\- ]+", "", text.strip().lower())
    return re.sub(r"\s+", "-", text).strip("-")


def iter_links(path: Path) -> Iterator[Tuple[int, str]]:
    in_fence = False
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for match in LINK_RE.finditer(line):
            yield lineno, match.group(1)


def anchors_of(path: Path, cache: Dict[Path, Set[str]]) -> Set[str]:
    if path not in cache:
        seen: Dict[str, int] = {}
        found: Set[str] = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            m = HEADING_RE.match(line)
            if not m:
                continue
            base = slug(m.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
        cache[path] = found
    return cache[path]


def check_external(url: str, timeout: float) -> str:
    req = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "link-check/1.0"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return "" if resp.status < 400 else f"HTTP {resp.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError) as exc:
        return str(getattr(exc, "reason", exc))


def check_file(path: Path, root: Path, external: bool, timeout: float, cache: Dict[Path, Set[str]]) -> List[str]:
    broken: List[str] = []
    for lineno, target in iter_links(path):
        where = f"{path.relative_to(root)}:{lineno}"
        if target.startswith(("http://", "https://")):
            if external:
                problem = check_external(target, timeout)
                if problem:
                    broken.append(f"{where}: {target} ({problem})")
            continue
        if target.startswith(("mailto:", "ftp:")):
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            broken.append(f"{where}: {target} (no such file)")
            continue
        if anchor and dest.suffix == ".md" and anchor not in anchors_of(dest, cache):
            broken.append(f"{where}: {target} (no heading '#{anchor}')")
    return broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=Path("docs"))
    parser.add_argument("--external", action="store_true", help="also check http(s) links")
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()

    root = args.root.resolve()
    cache: Dict[Path, Set[str]] = {}
    broken: List[str] = []
    files = sorted(root.rglob("*.md"))
    for path in files:
        broken.extend(check_file(path, root, args.external, args.timeout, cache))

    for line in broken:
        print(line)
    print(f"{len(files)} files checked, {len(broken)} broken link(s)", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
