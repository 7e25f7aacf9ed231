from inkwell.inline import parse_inline, split_title
from inkwell.nodes import CodeSpan, Emphasis, Image, LineBreak, Link, Strong, Text


def test_plain_text_is_one_node():
    assert parse_inline("just words") == [Text("just words")]


def test_emphasis_and_strong():
    assert parse_inline("a *b* c") == [Text("a "), Emphasis([Text("b")]), Text(" c")]
    assert parse_inline("**bold**") == [Strong([Text("bold")])]
    assert parse_inline("__also bold__") == [Strong([Text("also bold")])]


def test_nested_emphasis_inside_strong():
    assert parse_inline("**very *much* so**") == [
        Strong([Text("very "), Emphasis([Text("much")]), Text(" so")])
    ]


def test_unclosed_delimiters_stay_literal():
    assert parse_inline("2 * 3 = 6") == [Text("2 * 3 = 6")]
    assert parse_inline("*open") == [Text("*open")]


def test_code_span_keeps_content_verbatim():
    assert parse_inline("run `ls *.md` now") == [Text("run "), CodeSpan("ls *.md"), Text(" now")]


def test_code_span_with_double_backticks():
    assert parse_inline("``a ` b``") == [CodeSpan("a ` b")]


def test_backslash_escapes():
    assert parse_inline(r"\*not em\*") == [Text("*not em*")]


def test_escaped_ampersand_entity_not_decoded():
    assert parse_inline("&amp; and &copy;") == [Text("& and \u00a9")]


def test_link_with_title():
    assert parse_inline('[docs](https://example.org/docs "Read me")') == [
        Link(href="https://example.org/docs", children=[Text("docs")], title="Read me")
    ]


def test_link_label_is_parsed():
    assert parse_inline("[*x*](y)") == [Link(href="y", children=[Emphasis([Text("x")])])]


def test_brackets_without_destination_are_text():
    assert parse_inline("[not a link]") == [Text("[not a link]")]


def test_image():
    assert parse_inline("![a cat](cat.png)") == [Image(src="cat.png", alt="a cat")]


def test_hard_break_two_spaces():
    assert parse_inline("one  \ntwo") == [Text("one"), LineBreak(), Text("two")]


def test_hard_break_backslash():
    assert parse_inline("one\\\ntwo") == [Text("one"), LineBreak(), Text("two")]


def test_soft_break_is_kept_as_newline():
    assert parse_inline("one\ntwo") == [Text("one\ntwo")]


def test_split_title():
    assert split_title('/a/b "B"') == ("/a/b", "B")
    assert split_title("/a/b") == ("/a/b", None)
