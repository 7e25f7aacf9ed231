"""inkwell: a small, dependency-free Markdown to HTML converter.

Typical use::

    >>> from inkwell import markdown
    >>> markdown("# Hi\\n\\nSome *text*.")
    '<h1 id="hi">Hi</h1>\\n<p>Some <em>text</em>.</p>\\n'

For a full page with ``<head>`` and an optional table of contents, use
:func:`markdown_page`. To customise the output, subclass
:class:`HtmlRenderer` and override the ``visit_*`` method you care about.
"""

from .blocks import parse_document
from .inline import parse_inline
from .render import HtmlRenderer, markdown, markdown_page
from .slug import slugify

__all__ = [
    "HtmlRenderer",
    "markdown",
    "markdown_page",
    "parse_document",
    "parse_inline",
    "slugify",
    "__version__",
]

__version__ = "0.4.2"
