import pytest

from inkwell import HtmlRenderer, markdown, markdown_page, slugify
from inkwell.nodes import Image


def test_fragment_round_trip():
    html = markdown("# Title\n\nHello *there*.")
    assert html == '<h1 id="title">Title</h1>\n<p>Hello <em>there</em>.</p>\n'


def test_text_is_escaped():
    assert markdown("a < b & c") == "<p>a &lt; b &amp; c</p>\n"


def test_code_block_is_escaped_and_classed():
    html = markdown("```html\n<b>x</b>\n```")
    assert html == '<pre><code class="language-html">&lt;b&gt;x&lt;/b&gt;\n</code></pre>\n'


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:alert(1)", "vbscript:msgbox", "data:text/html;base64,AAAA"],
)
def test_unsafe_links_are_neutralised(href):
    assert 'href="#"' in markdown(f"[x]({href})")


@pytest.mark.parametrize("href", ["https://example.org", "mailto:me@example.org", "../up.md", "#anchor"])
def test_safe_links_are_kept(href):
    assert f'href="{href}"' in markdown(f"[x]({href})")


def test_duplicate_headings_get_unique_ids():
    html = markdown("## Setup\n## Setup\n## Setup")
    assert 'id="setup"' in html and 'id="setup-1"' in html and 'id="setup-2"' in html


def test_ordered_list_start_attribute():
    assert markdown("5. five\n6. six").startswith('<ol start="5">')


def test_loose_list_item_keeps_paragraphs():
    html = markdown("- one\n\n  more\n- two")
    assert "<li><p>one</p>\n<p>more</p></li>" in html


def test_page_uses_first_heading_as_title():
    page = markdown_page("# My Notes\n\ntext")
    assert "<title>My Notes</title>" in page
    assert page.startswith("<!DOCTYPE html>")


def test_page_with_toc():
    page = markdown_page("# A\n## B\n## C\n### D", toc=True)
    assert '<nav class="toc">' in page
    assert '<a href="#d">D</a>' in page


def test_custom_renderer():
    class LazyImages(HtmlRenderer):
        def visit_Image(self, node: Image) -> str:
            return super().visit_Image(node).replace(" />", ' loading="lazy" />')

    html = markdown("![x](y.png)", renderer=LazyImages())
    assert 'loading="lazy"' in html


def test_slugify():
    assert slugify("Hello, World!") == "hello-world"
    assert slugify("  --  ") == "section"
    assert slugify("Crème brûlée", ascii_only=True) == "creme-brulee"
    assert slugify("Crème brûlée") == "crème-brûlée"
