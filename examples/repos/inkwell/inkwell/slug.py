"""Heading anchors and the table of contents.

Slugs follow the style most hosted forges use: lower-case, punctuation
dropped, spaces turned into hyphens, and a numeric suffix when the same
heading text appears twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, List

from .escape import escape_attr, escape_text
from .nodes import Document, plain_text

_DROP_RE = re.compile(r"[^\w\- ]+", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")


def slugify(text: str, ascii_only: bool = False) -> str:
    """Turn heading text into an anchor name.

    >>> slugify("Hello, World!")
    'hello-world'
    >>> slugify("Crème brûlée", ascii_only=True)
    'creme-brulee'
    """
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if ascii_only:
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = _DROP_RE.sub("", value)
    value = _SPACE_RE.sub("-", value)
    return value.strip("-") or "section"


class SlugRegistry:
    """Hands out unique slugs within one document."""

    def __init__(self, ascii_only: bool = False) -> None:
        self.ascii_only = ascii_only
        self._seen: Dict[str, int] = {}

    def claim(self, text: str) -> str:
        base = slugify(text, self.ascii_only)
        count = self._seen.get(base, 0)
        self._seen[base] = count + 1
        if count == 0:
            return base
        candidate = f"{base}-{count}"
        while candidate in self._seen:
            count += 1
            candidate = f"{base}-{count}"
        self._seen[candidate] = 1
        return candidate


@dataclass
class TocEntry:
    level: int
    title: str
    slug: str
    children: List["TocEntry"] = field(default_factory=list)


def assign_slugs(doc: Document, ascii_only: bool = False) -> None:
    registry = SlugRegistry(ascii_only)
    for heading in doc.headings():
        heading.slug = registry.claim(plain_text(heading.children))


def build_toc(doc: Document, max_level: int = 3) -> List[TocEntry]:
    """Nest headings into a tree. Call ``assign_slugs`` first."""
    root: List[TocEntry] = []
    stack: List[TocEntry] = []
    for heading in doc.headings():
        if heading.level > max_level:
            continue
        entry = TocEntry(heading.level, plain_text(heading.children), heading.slug or "")
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        (stack[-1].children if stack else root).append(entry)
        stack.append(entry)
    return root


def render_toc(entries: List[TocEntry], indent: int = 0) -> str:
    if not entries:
        return ""
    pad = "  " * indent
    parts = [f"{pad}<ul>"]
    for e in entries:
        link = f'<a href="#{escape_attr(e.slug)}">{escape_text(e.title)}</a>'
        if e.children:
            parts.append(f"{pad}  <li>{link}")
            parts.append(render_toc(e.children, indent + 2))
            parts.append(f"{pad}  </li>")
        else:
            parts.append(f"{pad}  <li>{link}</li>")
    parts.append(f"{pad}</ul>")
    return "\n".join(parts)
