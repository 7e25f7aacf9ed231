from inkwell.blocks import parse_document
from inkwell.nodes import (
    BlockQuote,
    CodeBlock,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Text,
    ThematicBreak,
)


def blocks(src):
    return parse_document(src).children


def test_atx_headings():
    assert blocks("# One\n### Three ###") == [
        Heading(1, [Text("One")]),
        Heading(3, [Text("Three")]),
    ]


def test_seven_hashes_is_a_paragraph():
    assert blocks("####### nope") == [Paragraph([Text("####### nope")])]


def test_setext_headings():
    assert blocks("Title\n=====\n\nSub\n---") == [
        Heading(1, [Text("Title")]),
        Heading(2, [Text("Sub")]),
    ]


def test_paragraphs_split_on_blank_lines():
    assert blocks("a\nb\n\nc") == [Paragraph([Text("a\nb")]), Paragraph([Text("c")])]


def test_fenced_code_keeps_language_and_text():
    src = "```rust\nfn main() {}\n```"
    assert blocks(src) == [CodeBlock("fn main() {}\n", "rust")]


def test_unterminated_fence_runs_to_end():
    assert blocks("~~~\nx\ny") == [CodeBlock("x\ny\n")]


def test_indented_code():
    assert blocks("    a = 1\n\n    b = 2\n\ntext") == [
        CodeBlock("a = 1\n\nb = 2\n"),
        Paragraph([Text("text")]),
    ]


def test_thematic_break_variants():
    for src in ("---", "* * *", "___"):
        assert blocks(src) == [ThematicBreak()]


def test_block_quote_with_lazy_line():
    assert blocks("> one\ntwo") == [BlockQuote([Paragraph([Text("one\ntwo")])])]


def test_nested_quote():
    assert blocks("> > deep") == [BlockQuote([BlockQuote([Paragraph([Text("deep")])])])]


def test_bullet_list():
    assert blocks("- a\n- b") == [
        ListBlock(False, [ListItem([Paragraph([Text("a")])]), ListItem([Paragraph([Text("b")])])])
    ]


def test_ordered_list_start_number():
    (lst,) = blocks("3. c\n4. d")
    assert lst.ordered and lst.start == 3 and len(lst.items) == 2


def test_changing_bullet_starts_new_list():
    assert len(blocks("- a\n+ b")) == 2


def test_list_item_with_code_block():
    (lst,) = blocks("- intro\n\n  ```\n  code\n  ```")
    assert lst.items[0].children == [Paragraph([Text("intro")]), CodeBlock("code\n")]


def test_headings_iterates_into_containers():
    doc = parse_document("# a\n> ## b\n- ### c")
    assert [h.level for h in doc.headings()] == [1, 2, 3]
