"""Input formats, registered by file suffix: each reader turns a file's bytes into blocks.

A reader is a function ``read(path, data) -> List[Block]`` registered for its suffixes::

    @register_reader(".html", ".htm")
    def read_html(path: Path, data: bytes) -> List[Block]:
        ...

Its blocks (paragraphs, headings, list items, table cells, footnotes: see
:class:`~vnadmin_nlp.io.reader.Block`) go to the one layout step,
:func:`~vnadmin_nlp.io.reader.read_blocks`. Raw text (.txt, .md, and the text
layer of a .pdf) is cut into blocks by :func:`~vnadmin_nlp.io.reader.text_blocks`;
.docx and .html give theirs from their structure. A file whose suffix no reader
claims is read as text. Other packages add formats through the ``vnadmin_readers``
entry point group (the entry point's name is the suffix, its object the reader).
The batch runner looks for the registered suffixes in folders (:func:`reader_suffixes`).
Problems raise :class:`DocumentReadError` naming the file.
"""

from __future__ import annotations

import io
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple, Union

from ..errors import DocumentReadError
from .document import Document
from .layout import TABLE_ROW_RE, detect_layout
from .legacy_encodings import docx_run_text
from .reader import SUPERSCRIPT_DIGITS, Block, blocks_from_text, decode_bytes, normalize_text, read_blocks, \
    read_text, text_blocks

logger = logging.getLogger("vnadmin_nlp")

Reader = Callable[[Path, bytes], List[Block]]

#: Readers by lower-case suffix (".docx"), in the order they were registered.
_READERS: Dict[str, Reader] = {}
ENTRY_POINT_GROUP = "vnadmin_readers"
_plugins_loaded = False


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register the decorated ``read(path, data) -> List[Block]`` for files ending in ``suffixes``."""
    def decorate(read: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix.lower()] = read
        return read

    return decorate


def _load_plugins() -> None:
    """Register the readers of other packages' ``vnadmin_readers`` entry points, once."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        suffix = "." + entry.name.lstrip(".").lower()
        try:
            _READERS.setdefault(suffix, entry.load())
        except Exception as exc:  # a broken plugin must not stop the formats that work
            logger.warning("reader %s (%s) not loaded: %s", suffix, entry.value, exc)


def reader_suffixes() -> Tuple[str, ...]:
    """The suffixes a reader is registered for (what a folder is searched for)."""
    _load_plugins()
    return tuple(_READERS)


def reader_for(path: Union[str, Path]) -> Reader:
    """The reader of ``path``'s suffix; the text reader for a suffix no reader claims."""
    _load_plugins()
    return _READERS.get(Path(path).suffix.lower(), read_text_file)


# ---------------------------------------------------------------- files
def read_document(path_or_text: Union[str, Path], source: Optional[str] = None) -> Document:
    """Read a document from a file path (any registered format, see :func:`reader_suffixes`) or
    from raw text.

    A ``str`` that names an existing file is read as that file; any other
    ``str`` with a line break, or that does not look like a path, is taken as
    the document's text. Problems raise :class:`DocumentReadError` naming the
    file.
    """
    if isinstance(path_or_text, Path) or _looks_like_path(path_or_text):
        path = Path(path_or_text)
        return read_bytes(path, read_file_bytes(path), source=source or path.name)
    return read_text(str(path_or_text), source=source)


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 4096:
        return False
    if Path(value).exists():
        return True
    return value.lower().endswith(reader_suffixes())


def read_bytes(path: Union[str, Path], data: bytes, source: Optional[str] = None) -> Document:
    """The document in a file's bytes, read by the reader of its suffix; errors name the file.

    Split from :func:`read_document` so that a caller that already holds the bytes
    (the batch runner hashes them for ``--resume``) reads exactly what it hashed.
    """
    path = Path(path)
    return read_blocks(reader_for(path)(path, data), source=source if source is not None else str(path))


def read_file_bytes(path: Path, max_bytes: Optional[int] = None) -> bytes:
    """The bytes of a document file; a :class:`DocumentReadError` naming the file if it cannot be read
    (missing or vanished, a folder, unreadable, or over ``max_bytes``)."""
    try:
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                raise DocumentReadError(
                    f"{path}: too large ({size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB, "
                    "raise it with --max-size if this is really one document)")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentReadError(f"{path}: no such file (missing, or removed during the run)") from exc
    except IsADirectoryError as exc:
        raise DocumentReadError(f"{path}: is a directory, not a document") from exc
    except OSError as exc:
        raise DocumentReadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


# ---------------------------------------------------------------- text and PDF
@register_reader(".txt", ".md")
def read_text_file(path: Path, data: bytes) -> List[Block]:
    """UTF-8, UTF-16 or legacy 8-bit Vietnamese text (see :func:`~vnadmin_nlp.io.reader.decode_bytes`).

    A whole HTML page (it opens with ``<!DOCTYPE html>`` or ``<html>``) is read as a .html file is.
    Text that carries HTML tags (a converter's markdown with ``<div>``, ``<p>``, ``<br>`` or a
    header ``<table>`` in it, see :func:`has_html_markup`) is read as the same text without them,
    its elements breaking it as they break a page (:func:`markup_text`)."""
    text = decode_bytes(data, str(path))
    if _PAGE_START_RE.match(text):
        return read_html(path, data)  # a whole page saved as text
    if has_html_markup(text):
        text = markup_text(text)
    return text_blocks(text)


@register_reader(".docx")
def read_docx(path: Path, data: bytes) -> List[Block]:
    """Word paragraphs in reading order, table cells included; "Heading N" styles as headings;
    Word footnotes as footnote blocks, their references as superscript markers in the text."""
    if not data.startswith(b"PK\x03\x04"):
        raise DocumentReadError(f"{path}: not a .docx file (it is not a zip archive)")
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a dependency
        raise DocumentReadError(f"{path}: reading .docx needs python-docx") from exc
    try:
        blocks = _docx_blocks(docx.Document(io.BytesIO(data)))
    except Exception as exc:  # python-docx and lxml raise several kinds
        raise DocumentReadError(f"{path}: not a readable .docx ({exc})") from exc
    if not any(block.lines for block in blocks):
        raise DocumentReadError(f"{path}: the document has no text")
    return blocks


@register_reader(".pdf")
def read_pdf(path: Path, data: bytes) -> List[Block]:
    """The PDF's text layer, page after page, cut as raw text is."""
    if not data.startswith(b"%PDF"):
        raise DocumentReadError(f"{path}: not a PDF file")
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises several kinds on damaged files
        raise DocumentReadError(f"{path}: damaged PDF ({exc})") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentReadError(f"{path}: the PDF has no text layer")
    return text_blocks(text)


# ---------------------------------------------------------------- .docx
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGIT_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_HEADING_STYLE_RE = re.compile(r"(?i)heading\s*(\d)")


def _docx_blocks(document) -> List[Block]:
    """The blocks of a python-docx ``Document``, in reading order; its footnotes last."""
    notes = _docx_footnotes(document)
    numbers: Dict[str, int] = {}  # footnote id -> its number, in order of first reference
    paragraphs: List[Tuple[str, str, int]] = []  # (text, kind, heading level or 0)

    def para_text(p_el) -> str:
        out = []
        for el in p_el.iter():
            tag = el.tag
            if tag == _W + "t":
                out.append(docx_run_text(el, document))  # legacy TCVN3/VNI fonts to Unicode
            elif tag == _W + "tab":
                out.append(" ")
            elif tag in (_W + "br", _W + "cr"):
                out.append("\n")
            elif tag == _W + "footnoteReference":
                note_id = el.get(_W + "id")
                if note_id in notes:
                    numbers.setdefault(note_id, len(numbers) + 1)
                    out.append(str(numbers[note_id]).translate(_DIGIT_TO_SUPER))
        return "".join(out)

    def heading_level(p_el) -> int:
        style = p_el.find(f"{_W}pPr/{_W}pStyle")
        match = _HEADING_STYLE_RE.match(style.get(_W + "val") or "") if style is not None else None
        return int(match.group(1)) if match else 0

    def walk(container, kind: str) -> None:
        for child in container.iterchildren():
            if child.tag == _W + "p":
                text = para_text(child)
                if text.strip():
                    level = heading_level(child)
                    paragraphs.append((text, "heading" if level else kind, level))
            elif child.tag == _W + "tbl":
                for cell in child.iter(_W + "tc"):
                    walk(cell, "table_cell")
            elif child.tag == _W + "sdt":  # content controls wrap ordinary paragraphs
                content = child.find(_W + "sdtContent")
                if content is not None:
                    walk(content, kind)

    walk(document.element.body, "paragraph")
    numbered = sorted(numbers.items(), key=lambda item: item[1])
    footnotes = [block for note_id, number in numbered
                 for block in blocks_from_text(notes[note_id], "footnote", str(number))]
    # Word paragraphs that are not the document's (text pasted with a line break at the end of
    # every line, or one paragraph per page) are cut as the same text in a text file would be,
    # headings marked as markdown; the layout is judged on that text with its footnotes.
    marked = ["#" * level + " " + text if level else text for text, _, level in paragraphs]
    notes_text = [str(number).translate(_DIGIT_TO_SUPER) + " " + notes[note_id] for note_id, number in numbered]
    if detect_layout(normalize_text("\n\n".join(marked + notes_text))) != "blocks":
        return text_blocks("\n\n".join(marked)) + footnotes
    return [block for text, kind, _ in paragraphs for block in blocks_from_text(text, kind)] + footnotes


def _docx_footnotes(document) -> dict:
    """Footnote id -> text (paragraphs joined by line breaks), from word/footnotes.xml."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/footnotes.xml":
            root = etree.fromstring(part.blob)
            notes = {}
            for note in root.iter(_W + "footnote"):
                if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paras = ["".join(t.text or "" for t in p.iter(_W + "t")) for p in note.iter(_W + "p")]
                notes[note.get(_W + "id")] = "\n".join(p.strip() for p in paras if p.strip())
            return notes
    return {}


# ---------------------------------------------------------------- .html
@register_reader(".html", ".htm")
def read_html(path: Path, data: bytes) -> List[Block]:
    """An HTML page: h1-h6 as headings, p and div as paragraphs, li as list items, td and th as
    table cells; ``<br>`` breaks a line, ``<sup>`` digits are footnote markers."""
    parser = _HtmlBlocks()
    parser.feed(decode_bytes(data, str(path)))
    parser.close()
    if not parser.blocks:
        raise DocumentReadError(f"{path}: the page has no text")
    return parser.blocks


class _HtmlBlocks(HTMLParser):
    """Collects the blocks of an HTML page; the text of a block element ends at its start or end
    tag, as a browser would break it."""

    _KINDS = {**{f"h{n}": "heading" for n in range(1, 7)}, "li": "list_item", "td": "table_cell",
              "th": "table_cell"}
    _BREAKS = frozenset(["p", "div", "section", "article", "blockquote", "ul", "ol", "table", "tr",
                         "header", "footer", "main", "center", "pre"]) | frozenset(_KINDS)
    _SKIPPED = frozenset(["head", "title", "script", "style", "noscript", "template"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: List[Block] = []
        self._kinds: List[str] = []  # the enclosing elements that give a kind, innermost last
        self._text: List[str] = []
        self._skipping = 0
        self._in_sup = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self._line_break()
        elif tag == "sup":
            self._in_sup += 1
        elif tag in self._BREAKS:
            self._flush()
            if tag in self._KINDS:
                self._kinds.append(self._KINDS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "sup":
            self._in_sup = max(0, self._in_sup - 1)
        elif tag in self._BREAKS:
            self._flush()
            if tag in self._KINDS and self._KINDS[tag] in self._kinds:
                # The innermost open element of that kind (a page may leave an <li> unclosed).
                del self._kinds[len(self._kinds) - 1 - self._kinds[::-1].index(self._KINDS[tag])]

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_sup and data.strip().isdigit():
            data = data.strip().translate(_DIGIT_TO_SUPER)
        self._add_text(data)

    def _add_text(self, data: str) -> None:
        self._text.append(re.sub(r"\s+", " ", data))  # source line breaks are spaces in HTML

    def _line_break(self) -> None:
        self._text.append("\n")

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = "".join(self._text)
        self._text = []
        if text.strip():
            self.blocks.extend(blocks_from_text(text, self._kinds[-1] if self._kinds else "paragraph"))


# ---------------------------------------------------------------- HTML inside text
# What tells that a text holds HTML: an element that breaks a page's blocks or formats a run of
# text, closed after its start tag, or a void <br> or <img>. Plain text writes neither.
_MARKUP_ELEMENTS = _HtmlBlocks._BREAKS | _HtmlBlocks._SKIPPED | frozenset(
    ["span", "b", "i", "u", "s", "em", "strong", "font", "a", "sub", "sup"])
_START_TAG_RE = re.compile(r"<(%s)[\s/>]" % "|".join(sorted(_MARKUP_ELEMENTS)), re.I)
_END_TAG_RE = re.compile(r"</(%s)\s*>" % "|".join(sorted(_MARKUP_ELEMENTS)), re.I)
_VOID_TAG_RE = re.compile(r"<(?:br\s*/?|img\s[^<>]*)>", re.I)
_PAGE_START_RE = re.compile(r"\s*<(?:!doctype\s+html|html)[\s>]", re.I)


def has_html_markup(text: str) -> bool:
    """Whether a text holds HTML tags: a ``<br>`` or ``<img ...>``, or an element of a page
    (``div``, ``p``, ``td``, ``b``, ``span``, ...) closed after its start tag.

    A text that only mentions "<" ("a < b", "đường kính cột < 30 cm") or writes a placeholder in
    angle brackets ("<NNT>", "<Tên cơ quan>") has neither: those are not HTML element names, and
    a placeholder is not closed."""
    if "<" not in text:
        return False
    if _VOID_TAG_RE.search(text):
        return True
    first_start: Dict[str, int] = {}
    for match in _START_TAG_RE.finditer(text):
        first_start.setdefault(match.group(1).lower(), match.start())
    return any(match.start() > first_start.get(match.group(1).lower(), len(text))
               for match in _END_TAG_RE.finditer(text))


def markup_text(text: str) -> str:
    """Text with HTML tags in it, as plain text: the tags out, the elements that break a page's
    blocks (:class:`_HtmlBlocks`) as blank lines, ``<br>`` a line break, h1-h6 as markdown headings,
    the text's own line breaks and markdown kept (they are its paragraphs)."""
    parser = _MarkupText(text)
    parser.feed(text)
    parser.close()
    return parser.text


class _MarkupText(_HtmlBlocks):
    """The text of markup that sits in plain text or markdown. A text file keeps its line breaks
    and blank lines (they cut its paragraphs), so the text between tags is kept as it is; where
    a page would start a block, a blank line does, and ``<br>`` is a line break."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self._source_lines = source.split("\n")  # where a tag is (getpos) tells if it is in a table row
        # <br>s not yet written: one at the end of a source line is that line break, not another.
        self._breaks = 0
        # The "## " that opens the text of an <h2>: a text's headings are marked so, as read_html
        # makes h1-h6 headings.
        self._heading_mark = ""

    @property
    def text(self) -> str:
        return "".join(self._text)

    def handle_starttag(self, tag: str, attrs) -> None:
        super().handle_starttag(tag, attrs)
        if re.fullmatch(r"h[1-6]", tag) and not self._skipping:
            self._heading_mark = "#" * int(tag[1]) + " "

    def _add_text(self, data: str) -> None:
        if self._breaks and re.match(r"[ \t]*\r?\n", data):
            self._breaks -= 1
        if self._heading_mark and data.strip():
            data, self._heading_mark = self._heading_mark + data.lstrip(), ""
        self._text.append("\n" * self._breaks + data)
        self._breaks = 0

    def _line_break(self) -> None:
        if self._in_table_row():
            self._text.append(" ")  # markdown writes a line break inside a table cell as <br>
        else:
            self._breaks += 1

    def _flush(self) -> None:
        self._breaks = 0
        self._heading_mark = ""  # an empty heading marks nothing
        self._text.append(" " if self._in_table_row() else "\n\n")

    def _in_table_row(self) -> bool:
        # a markdown table row ("| - Như Điều 2; | <b>CHỦ TỊCH</b> |"): a line break would end it
        line = self.getpos()[0] - 1
        return line < len(self._source_lines) and bool(TABLE_ROW_RE.match(self._source_lines[line].strip()))
