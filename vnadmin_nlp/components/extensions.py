"""Custom attributes, registered once when a component is created (never at import)."""

from spacy.tokens import Doc, Span


def register_extensions() -> None:
    """``Span._.value`` (a DATE's normalized value, a DOC_NUMBER's parts), ``Doc._.section``, ``Doc._.kind``,
    ``Doc._.doc_type``, ``Doc._.context`` and ``Doc._.header`` (the paragraph's heading path,
    reader kind, the kind of its document, "kết luận", "quyết định" ..., its place in the
    document and the document's header paragraphs, given as context)."""
    if not Span.has_extension("value"):
        Span.set_extension("value", default=None)
    if not Doc.has_extension("section"):
        Doc.set_extension("section", default="")
    if not Doc.has_extension("kind"):
        Doc.set_extension("kind", default="body")
    if not Doc.has_extension("doc_type"):
        Doc.set_extension("doc_type", default="")
    if not Doc.has_extension("context"):
        # The paragraph's place in its document as tokens (see vnadmin_nlp.structure).
        Doc.set_extension("context", default="")
    if not Doc.has_extension("header"):
        # The header paragraphs of the paragraph's document, where its issuer is written
        # (components.body_ruler.document_header): the body ruler takes the document's issuer
        # and place from them ("HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI" fixes Gia Lai for "HĐND tỉnh").
        Doc.set_extension("header", default=())
