"""Block parser: splits a document into headings, paragraphs, lists...

The parser works line by line and is intentionally forgiving: anything it does
not recognise becomes part of a paragraph. Nested structures (quotes, list
items) are handled by collecting their lines, stripping the container prefix
and parsing the result recursively.
"""

from __future__ import annotations

import re
from typing import List, Optional

from .inline import parse_inline
from .nodes import (
    Block,
    BlockQuote,
    CodeBlock,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    ThematicBreak,
)

ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([\w+-]*)[^`]*$")
HR_RE = re.compile(r"^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$")
BULLET_RE = re.compile(r"^( {0,3})([-+*])([ \t]+)(.*)$")
ORDERED_RE = re.compile(r"^( {0,3})(\d{1,9})([.)])([ \t]+)(.*)$")
QUOTE_RE = re.compile(r"^ {0,3}> ?(.*)$")

TAB_WIDTH = 4


class BlockParser:
    def __init__(self, lines: List[str]) -> None:
        self.lines = [line.rstrip("\r\n").expandtabs(TAB_WIDTH) for line in lines]
        self.i = 0

    def at_end(self) -> bool:
        return self.i >= len(self.lines)

    def current(self) -> str:
        return self.lines[self.i]

    def parse(self) -> List[Block]:
        blocks: List[Block] = []
        while not self.at_end():
            line = self.current()
            if not line.strip():
                self.i += 1
                continue
            block = (
                self._fenced_code(line)
                or self._atx_heading(line)
                or self._thematic_break(line)
                or self._block_quote(line)
                or self._list(line)
                or self._indented_code(line)
                or self._paragraph()
            )
            blocks.append(block)
        return blocks

    # -- leaf blocks ---------------------------------------------------------

    def _atx_heading(self, line: str) -> Optional[Block]:
        m = ATX_RE.match(line)
        if not m:
            return None
        self.i += 1
        return Heading(level=len(m.group(1)), children=parse_inline((m.group(2) or "").strip()))

    def _thematic_break(self, line: str) -> Optional[Block]:
        if HR_RE.match(line):
            self.i += 1
            return ThematicBreak()
        return None

    def _fenced_code(self, line: str) -> Optional[Block]:
        m = FENCE_RE.match(line)
        if not m:
            return None
        fence = m.group(1)
        lang = m.group(2) or None
        indent = len(line) - len(line.lstrip(" "))
        self.i += 1
        body: List[str] = []
        while not self.at_end():
            cur = self.current()
            stripped = cur.strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                self.i += 1
                break
            body.append(cur[indent:] if cur[:indent].isspace() else cur.lstrip(" "))
            self.i += 1
        code = "\n".join(body)
        return CodeBlock(code=code + "\n" if body else "", lang=lang)

    def _indented_code(self, line: str) -> Optional[Block]:
        if not line.startswith(" " * TAB_WIDTH):
            return None
        body: List[str] = []
        while not self.at_end():
            cur = self.current()
            if cur.startswith(" " * TAB_WIDTH):
                body.append(cur[TAB_WIDTH:])
            elif not cur.strip():
                body.append("")
            else:
                break
            self.i += 1
        while body and not body[-1]:
            body.pop()
        return CodeBlock(code="\n".join(body) + "\n")

    def _paragraph(self) -> Block:
        collected: List[str] = []
        while not self.at_end():
            cur = self.current()
            if not cur.strip():
                break
            if collected and SETEXT_RE.match(cur):
                level = 1 if cur.strip()[0] == "=" else 2
                self.i += 1
                return Heading(level=level, children=parse_inline("\n".join(collected).strip()))
            if collected and self._interrupts(cur):
                break
            collected.append(cur.lstrip(" "))
            self.i += 1
        return Paragraph(children=parse_inline("\n".join(collected).rstrip()))

    def _interrupts(self, line: str) -> bool:
        return any(rx.match(line) for rx in (ATX_RE, FENCE_RE, HR_RE, QUOTE_RE, BULLET_RE))

    # -- container blocks ----------------------------------------------------

    def _block_quote(self, line: str) -> Optional[Block]:
        if not QUOTE_RE.match(line):
            return None
        inner: List[str] = []
        while not self.at_end():
            m = QUOTE_RE.match(self.current())
            if m:
                inner.append(m.group(1))
            elif self.current().strip() and inner and inner[-1].strip():
                inner.append(self.current())  # lazy continuation line
            else:
                break
            self.i += 1
        return BlockQuote(children=BlockParser(inner).parse())

    def _list(self, line: str) -> Optional[Block]:
        bullet = BULLET_RE.match(line)
        ordered = ORDERED_RE.match(line)
        if not bullet and not ordered:
            return None
        is_ordered = ordered is not None
        start = int(ordered.group(2)) if ordered else 1
        marker = ordered.group(3) if ordered else bullet.group(2)  # type: ignore[union-attr]
        result = ListBlock(ordered=is_ordered, start=start)

        while not self.at_end():
            m = ORDERED_RE.match(self.current()) if is_ordered else BULLET_RE.match(self.current())
            if not m or (m.group(3) if is_ordered else m.group(2)) != marker:
                break
            groups = m.groups()
            content_col = sum(len(g) for g in groups[:-1])
            item_lines = [groups[-1]]
            self.i += 1
            while not self.at_end():
                cur = self.current()
                if not cur.strip():
                    nxt = self.lines[self.i + 1] if self.i + 1 < len(self.lines) else ""
                    if nxt.startswith(" " * content_col):
                        item_lines.append("")
                        self.i += 1
                        continue
                    break
                if cur.startswith(" " * content_col):
                    item_lines.append(cur[content_col:])
                elif not self._interrupts(cur) and not ORDERED_RE.match(cur):
                    item_lines.append(cur.lstrip(" "))
                else:
                    break
                self.i += 1
            result.items.append(ListItem(children=BlockParser(item_lines).parse()))
            if not self.at_end() and not self.current().strip():
                self.i += 1
        return result


def parse_document(text: str) -> Document:
    """Parse a whole Markdown document."""
    return Document(children=BlockParser(text.splitlines()).parse())
