"""Inline parser: turns the text of one block into inline nodes.

The grammar is deliberately small. Supported, in priority order:

* backslash escapes (``\\*`` is a literal star)
* code spans with any number of backticks
* images ``![alt](src "title")`` and links ``[text](href "title")``
* strong ``**text**`` / ``__text__`` and emphasis ``*text*`` / ``_text_``
* hard line breaks: two trailing spaces or a backslash before a newline

Delimiters that never close are kept as literal text instead of raising.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from .escape import unescape
from .nodes import CodeSpan, Emphasis, Image, Inline, LineBreak, Link, Strong, Text

ESCAPABLE = set("\\`*_{}[]()#+-.!<>|~\"'")
_DEST_RE = re.compile(r"\(\s*(<[^>\n]*>|[^\s)]*)(?:\s+\"([^\"]*)\")?\s*\)")


class InlineParser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.nodes: List[Inline] = []
        self._buf: List[str] = []

    # -- helpers -------------------------------------------------------------

    def _flush(self) -> None:
        if self._buf:
            text = unescape("".join(self._buf))
            if self.nodes and isinstance(self.nodes[-1], Text):
                self.nodes[-1].value += text
            else:
                self.nodes.append(Text(text))
            self._buf = []

    def _emit(self, node: Inline) -> None:
        self._flush()
        self.nodes.append(node)

    def _peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.src[i] if i < len(self.src) else ""

    # -- entry point ---------------------------------------------------------

    def parse(self) -> List[Inline]:
        while self.pos < len(self.src):
            ch = self.src[self.pos]
            if ch == "\\":
                self._backslash()
            elif ch == "`":
                self._code_span()
            elif ch == "!" and self._peek(1) == "[":
                if not self._link(image=True):
                    self._buf.append(ch)
                    self.pos += 1
            elif ch == "[":
                if not self._link(image=False):
                    self._buf.append(ch)
                    self.pos += 1
            elif ch in "*_":
                self._emphasis(ch)
            elif ch == "\n":
                self._newline()
            else:
                self._buf.append(ch)
                self.pos += 1
        self._flush()
        return self.nodes

    # -- constructs ----------------------------------------------------------

    def _backslash(self) -> None:
        nxt = self._peek(1)
        if nxt == "\n":
            self._emit(LineBreak())
            self.pos += 2
        elif nxt and nxt in ESCAPABLE:
            # Flush first so the escaped character skips entity decoding.
            self._flush()
            if self.nodes and isinstance(self.nodes[-1], Text):
                self.nodes[-1].value += nxt
            else:
                self.nodes.append(Text(nxt))
            self.pos += 2
        else:
            self._buf.append("\\")
            self.pos += 1

    def _code_span(self) -> None:
        start = self.pos
        while self._peek() == "`":
            self.pos += 1
        fence = self.src[start : self.pos]
        end = self.src.find(fence, self.pos)
        while end != -1 and self.src[end + len(fence) : end + len(fence) + 1] == "`":
            end = self.src.find(fence, end + len(fence) + 1)
        if end == -1:
            self._buf.append(fence)
            return
        body = self.src[self.pos : end].replace("\n", " ")
        if len(body) > 2 and body[0] == " " and body[-1] == " " and body.strip():
            body = body[1:-1]
        self._emit(CodeSpan(body))
        self.pos = end + len(fence)

    def _link(self, image: bool) -> bool:
        open_at = self.pos + (2 if image else 1)
        close = _matching_bracket(self.src, open_at)
        if close is None:
            return False
        match = _DEST_RE.match(self.src, close + 1)
        if not match:
            return False
        href = match.group(1).strip("<>")
        title = match.group(2)
        label = self.src[open_at:close]
        if image:
            self._emit(Image(src=href, alt=unescape(label), title=title))
        else:
            self._emit(Link(href=href, children=parse_inline(label), title=title))
        self.pos = match.end()
        return True

    def _emphasis(self, ch: str) -> None:
        double = self._peek(1) == ch
        marker = ch * 2 if double else ch
        inner_start = self.pos + len(marker)
        end = _find_closer(self.src, inner_start, marker)
        if end is None or end == inner_start or self.src[inner_start].isspace():
            self._buf.append(marker)
            self.pos = inner_start
            return
        children = parse_inline(self.src[inner_start:end])
        self._emit(Strong(children) if double else Emphasis(children))
        self.pos = end + len(marker)

    def _newline(self) -> None:
        pending = "".join(self._buf)
        if pending.endswith("  "):
            self._buf = [pending.rstrip(" ")]
            self._emit(LineBreak())
        else:
            self._buf = [pending.rstrip(" "), "\n"]
        self.pos += 1


def _matching_bracket(src: str, start: int) -> Optional[int]:
    depth = 1
    i = start
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _find_closer(src: str, start: int, marker: str) -> Optional[int]:
    i = start
    while True:
        i = src.find(marker, i)
        if i == -1:
            return None
        if src[i - 1] != "\\" and not src[i - 1].isspace():
            after = src[i + len(marker) : i + len(marker) + 1]
            if after != marker[0]:
                return i
        i += len(marker)


def parse_inline(source: str) -> List[Inline]:
    """Parse ``source`` and return a list of inline nodes."""
    return InlineParser(source).parse()


def split_title(raw: str) -> Tuple[str, Optional[str]]:
    """Split ``'url "title"'`` into its two parts (used by reference links)."""
    raw = raw.strip()
    if raw.endswith('"') and ' "' in raw:
        url, _, title = raw.partition(' "')
        return url.strip(), title[:-1]
    return raw, None
