"""HTML renderer.

``HtmlRenderer`` walks the document tree with one ``visit_*`` method per node
type. Subclass it and override a method to customise a single construct; for
example, to add ``loading="lazy"`` to every image.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional

from . import nodes as n
from .blocks import parse_document
from .escape import escape_attr, escape_text, safe_url
from .slug import assign_slugs, build_toc, render_toc

PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
{style}</head>
<body>
{toc}{body}</body>
</html>
"""


class HtmlRenderer:
    def __init__(self, heading_ids: bool = True, code_class_prefix: str = "language-") -> None:
        self.heading_ids = heading_ids
        self.code_class_prefix = code_class_prefix

    # -- dispatch ------------------------------------------------------------

    def render(self, node: object) -> str:
        method: Optional[Callable[[object], str]] = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise TypeError(f"no renderer for {type(node).__name__}")
        return method(node)

    def render_all(self, items: List[object], sep: str = "") -> str:
        return sep.join(self.render(item) for item in items)

    # -- blocks --------------------------------------------------------------

    def visit_Document(self, node: n.Document) -> str:
        return "".join(self.render(child) + "\n" for child in node.children)

    def visit_Heading(self, node: n.Heading) -> str:
        tag = f"h{node.level}"
        ident = f' id="{escape_attr(node.slug)}"' if self.heading_ids and node.slug else ""
        return f"<{tag}{ident}>{self.render_all(node.children)}</{tag}>"

    def visit_Paragraph(self, node: n.Paragraph) -> str:
        return f"<p>{self.render_all(node.children)}</p>"

    def visit_CodeBlock(self, node: n.CodeBlock) -> str:
        cls = f' class="{escape_attr(self.code_class_prefix + node.lang)}"' if node.lang else ""
        return f"<pre><code{cls}>{escape_text(node.code)}</code></pre>"

    def visit_BlockQuote(self, node: n.BlockQuote) -> str:
        inner = self.render_all(node.children, "\n")
        return f"<blockquote>\n{inner}\n</blockquote>"

    def visit_ListBlock(self, node: n.ListBlock) -> str:
        if node.ordered:
            start = f' start="{node.start}"' if node.start != 1 else ""
            open_tag, close_tag = f"<ol{start}>", "</ol>"
        else:
            open_tag, close_tag = "<ul>", "</ul>"
        items = "\n".join(self.visit_ListItem(item) for item in node.items)
        return f"{open_tag}\n{items}\n{close_tag}"

    def visit_ListItem(self, node: n.ListItem) -> str:
        # Tight items: a single paragraph renders without the <p> wrapper.
        if len(node.children) == 1 and isinstance(node.children[0], n.Paragraph):
            return f"<li>{self.render_all(node.children[0].children)}</li>"
        return f"<li>{self.render_all(node.children, chr(10))}</li>"

    def visit_ThematicBreak(self, node: n.ThematicBreak) -> str:
        return "<hr />"

    # -- inlines -------------------------------------------------------------

    def visit_Text(self, node: n.Text) -> str:
        return escape_text(node.value)

    def visit_CodeSpan(self, node: n.CodeSpan) -> str:
        return f"<code>{escape_text(node.value)}</code>"

    def visit_Emphasis(self, node: n.Emphasis) -> str:
        return f"<em>{self.render_all(node.children)}</em>"

    def visit_Strong(self, node: n.Strong) -> str:
        return f"<strong>{self.render_all(node.children)}</strong>"

    def visit_Link(self, node: n.Link) -> str:
        title = f' title="{escape_attr(node.title)}"' if node.title else ""
        href = escape_attr(safe_url(node.href))
        return f'<a href="{href}"{title}>{self.render_all(node.children)}</a>'

    def visit_Image(self, node: n.Image) -> str:
        title = f' title="{escape_attr(node.title)}"' if node.title else ""
        src = escape_attr(safe_url(node.src))
        return f'<img src="{src}" alt="{escape_attr(node.alt)}"{title} />'

    def visit_LineBreak(self, node: n.LineBreak) -> str:
        return "<br />\n"


def markdown(text: str, renderer: Optional[HtmlRenderer] = None) -> str:
    """Convert a Markdown string to an HTML fragment."""
    doc = parse_document(text)
    assign_slugs(doc)
    return (renderer or HtmlRenderer()).render(doc)


def markdown_page(
    text: str,
    title: Optional[str] = None,
    lang: str = "en",
    toc: bool = False,
    css: Optional[str] = None,
    renderer: Optional[HtmlRenderer] = None,
) -> str:
    """Convert a Markdown string to a complete HTML page."""
    doc = parse_document(text)
    assign_slugs(doc)
    if title is None:
        first = next(doc.headings(), None)
        title = n.plain_text(first.children) if first else "Untitled"
    toc_html = ""
    if toc:
        toc_html = '<nav class="toc">\n' + render_toc(build_toc(doc)) + "\n</nav>\n"
    style = f"<style>\n{css}\n</style>\n" if css else ""
    fields: Dict[str, str] = {
        "lang": escape_attr(lang),
        "title": escape_text(title),
        "style": style,
        "toc": toc_html,
        "body": (renderer or HtmlRenderer()).render(doc),
    }
    return PAGE_TEMPLATE.format(**fields)
