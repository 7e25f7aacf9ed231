"""Document tree used between the parser and the renderers.

Block nodes hold other blocks or inline nodes; inline nodes hold text or other
inline nodes. Everything is a plain dataclass so trees are easy to build by
hand in tests and easy to compare with ``==``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Union


# --- inline nodes -----------------------------------------------------------


@dataclass
class Text:
    value: str


@dataclass
class CodeSpan:
    value: str


@dataclass
class Emphasis:
    children: List["Inline"] = field(default_factory=list)


@dataclass
class Strong:
    children: List["Inline"] = field(default_factory=list)


@dataclass
class Link:
    href: str
    children: List["Inline"] = field(default_factory=list)
    title: Optional[str] = None


@dataclass
class Image:
    src: str
    alt: str = ""
    title: Optional[str] = None


@dataclass
class LineBreak:
    pass


Inline = Union[Text, CodeSpan, Emphasis, Strong, Link, Image, LineBreak]


# --- block nodes ------------------------------------------------------------


@dataclass
class Heading:
    level: int
    children: List[Inline] = field(default_factory=list)
    slug: Optional[str] = None


@dataclass
class Paragraph:
    children: List[Inline] = field(default_factory=list)


@dataclass
class CodeBlock:
    code: str
    lang: Optional[str] = None


@dataclass
class BlockQuote:
    children: List["Block"] = field(default_factory=list)


@dataclass
class ListItem:
    children: List["Block"] = field(default_factory=list)


@dataclass
class ListBlock:
    ordered: bool
    items: List[ListItem] = field(default_factory=list)
    start: int = 1


@dataclass
class ThematicBreak:
    pass


Block = Union[Heading, Paragraph, CodeBlock, BlockQuote, ListBlock, ThematicBreak]


@dataclass
class Document:
    children: List[Block] = field(default_factory=list)

    def headings(self) -> Iterator[Heading]:
        """Yield every heading in document order, including nested ones."""
        stack: List[Block] = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if isinstance(node, Heading):
                yield node
            elif isinstance(node, BlockQuote):
                stack.extend(reversed(node.children))
            elif isinstance(node, ListBlock):
                for item in reversed(node.items):
                    stack.extend(reversed(item.children))


def plain_text(nodes: List[Inline]) -> str:
    """Flatten inline nodes to the text a reader would see."""
    out: List[str] = []
    for node in nodes:
        if isinstance(node, (Text, CodeSpan)):
            out.append(node.value)
        elif isinstance(node, (Emphasis, Strong, Link)):
            out.append(plain_text(node.children))
        elif isinstance(node, Image):
            out.append(node.alt)
        elif isinstance(node, LineBreak):
            out.append(" ")
    return "".join(out)
