"""Markdown notes rendered as safe HTML: `render(text)`.

Notes (interaction summaries, needs, roadmaps…) are written in Markdown by people and read
by others, so the HTML that `markdown` produces is cleaned by `nh3` with an allow-list:
text formatting, lists, quotes, code, tables and links, nothing else. Raw HTML typed in a
note survives only as far as the allow-list lets it (a `<script>` disappears with its
content; an `onclick` or a `style` is dropped). Links keep only http, https and mailto
addresses and always get `rel="noopener noreferrer"`. Headings stay headings but start at
level 4, so a note never outshouts the page it sits on.
"""

from __future__ import annotations

import re

import markdown as markdown_library  # type: ignore[import-untyped]
import nh3
from django.utils.safestring import SafeString, mark_safe

# Longer notes are cut before rendering: Markdown of a few hundred kilobytes is a paste
# accident, and the renderer's time grows with it.
MAX_LENGTH = 100_000

ALLOWED_TAGS = frozenset(
    {
        "a", "p", "br", "hr", "strong", "em", "b", "i", "s", "del", "code", "pre", "kbd",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h4", "h5", "h6", "sup", "sub",
        "table", "thead", "tbody", "tr", "th", "td", "abbr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTENSIONS = ["sane_lists", "tables", "fenced_code", "nl2br"]
_HEADING = re.compile(r"<(/?)h([1-6])>")


def _shift_headings(html: str) -> str:
    """Markdown headings (#, ##, ###…) become h4, h5, h6."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 3, 6)}>", html)


def to_html(text: str) -> str:
    """The sanitised HTML of Markdown `text` (a plain string)."""
    if not text or not text.strip():
        return ""
    source = text[:MAX_LENGTH].replace("\x00", "")
    html = markdown_library.markdown(source, extensions=EXTENSIONS, output_format="html")
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS | {"h1", "h2", "h3"}),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _shift_headings(cleaned)


def render(text: str | None) -> SafeString:
    """Markdown `text` as HTML that is safe to put in a page."""
    return mark_safe(to_html(text or ""))
