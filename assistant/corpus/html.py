"""HTML pages dropped into the documents folder: headings become sections, <meta> tags front matter."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

_BLOCKS = {"p", "li", "td", "th", "dd", "dt", "pre", "blockquote", "div", "section", "article", "br", "tr"}
_SKIP = {"script", "style", "noscript", "nav", "footer", "header", "template", "svg"}
_DATE_META = ("date", "dc.date", "article:modified_time", "article:published_time", "last-modified", "as_of")


class _HtmlToMarkdown(HTMLParser):
    """Keeps the reading order, turning h2-h6 into Markdown headings and list items into bullets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.canonical: str | None = None
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (attr.get("name") or attr.get("property") or attr.get("http-equiv") or "").lower()
            if key:
                self.meta[key] = attr.get("content", "")
        elif tag == "link" and "canonical" in attr.get("rel", "").lower():
            self.canonical = attr.get("href")
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._flush()
            # An h1 is the page title; it opens the overview rather than a section.
            self._prefix = "" if tag == "h1" else "#" * int(tag[1]) + " "
        elif tag in _BLOCKS:
            self._flush()
            self._prefix = "- " if tag == "li" else ""

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCKS or tag.startswith("h"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self._buffer.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            self.lines.append(self._prefix + text)
        self._buffer, self._prefix = [], ""


def html_to_markdown(path: Path) -> tuple[dict[str, Any], str]:
    """Return front-matter candidates read from the page and its body as Markdown."""
    parser = _HtmlToMarkdown()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    meta = parser.meta
    found: dict[str, Any] = {"title": (meta.get("og:title") or parser.title).strip() or None}
    url = parser.canonical or meta.get("og:url")
    if url:
        found["sources"] = [{"title": found["title"] or path.name, "url": url}]
    for key in _DATE_META:
        if meta.get(key):
            found["as_of"] = meta[key][:10]
            break
    for key in ("doc_type", "id", "summary"):
        if meta.get(f"doc:{key}"):
            found[key] = meta[f"doc:{key}"]
    body = "\n\n".join(parser.lines)
    return {k: v for k, v in found.items() if v}, body
