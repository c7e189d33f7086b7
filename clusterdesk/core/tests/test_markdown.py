"""Markdown notes become safe HTML: formatting kept, scripts and tricks removed."""

from __future__ import annotations

from django.template import Context, Template
from django.utils.safestring import SafeString

from clusterdesk.core.markdown import MAX_LENGTH, render, to_html


def test_markdown_formatting_becomes_html() -> None:
    html = to_html("Met the **CEO**, _very_ keen.\n\n- pilot line\n- Fit 4 Digital\n\n`code`")
    assert "<strong>CEO</strong>" in html
    assert "<em>very</em>" in html
    assert "<ul>\n<li>pilot line</li>\n<li>Fit 4 Digital</li>\n</ul>" in html
    assert "<code>code</code>" in html


def test_a_line_break_in_a_note_stays_a_line_break() -> None:
    assert to_html("first line\nsecond line") == "<p>first line<br>\nsecond line</p>"


def test_links_get_noopener_noreferrer() -> None:
    html = to_html("See [the site](https://example.lu/page) and <https://example.org>.")
    assert '<a href="https://example.lu/page" rel="noopener noreferrer">the site</a>' in html
    assert '<a href="https://example.org" rel="noopener noreferrer">' in html


def test_a_script_typed_in_a_note_disappears_with_its_content() -> None:
    html = to_html("Hello <script>alert('x')</script> world")
    assert "script" not in html
    assert "alert" not in html
    assert "Hello" in html


def test_event_handlers_styles_and_unknown_tags_are_dropped() -> None:
    html = to_html('<p onclick="steal()" style="color:red">hi</p><iframe src="https://x"></iframe>')
    assert "onclick" not in html
    assert "style" not in html
    assert "iframe" not in html
    assert "hi" in html


def test_javascript_and_data_links_lose_their_address() -> None:
    html = to_html("[click](javascript:alert(1)) [img](data:text/html;base64,PHNjcmlwdD4=)")
    assert "javascript:" not in html
    assert "data:" not in html


def test_images_are_not_rendered() -> None:
    assert "<img" not in to_html("![tracker](https://tracker.example/pixel.gif)")


def test_headings_start_at_level_four() -> None:
    html = to_html("# Title\n\n## Part\n\n### Detail\n\n#### Small")
    assert "<h4>Title</h4>" in html
    assert "<h5>Part</h5>" in html
    assert "<h6>Detail</h6>" in html
    assert "<h6>Small</h6>" in html
    assert "<h1>" not in html


def test_tables_are_kept() -> None:
    html = to_html("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_empty_or_missing_text_renders_nothing() -> None:
    assert to_html("") == ""
    assert to_html("   \n ") == ""
    assert render(None) == ""


def test_very_long_text_is_cut() -> None:
    html = to_html("a" * (MAX_LENGTH + 500))
    assert html.count("a") <= MAX_LENGTH + 10


def test_nul_characters_are_removed() -> None:
    assert "\x00" not in to_html("a\x00b")


def test_render_returns_safe_html() -> None:
    assert isinstance(render("**x**"), SafeString)


def test_the_markdown_filter_renders_in_templates() -> None:
    template = Template("{% load markdown %}{{ text|markdown }}")
    html = template.render(Context({"text": "**bold** <b onmouseover='x()'>b</b>"}))
    assert "<strong>bold</strong>" in html
    assert "onmouseover" not in html
