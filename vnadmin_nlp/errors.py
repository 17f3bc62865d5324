"""Coded, actionable error messages (in the style of spaCy's ``errors.py``).

Every message that reaches a user names what failed and, where it applies,
the file and line, so that a batch run can log it and go on.
"""


class VnadminError(Exception):
    """Base class of all errors raised by vnadmin-nlp."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")


class DocumentReadError(VnadminError):
    """A document could not be read (missing, empty, undecodable, corrupt)."""

    code = "E001"


class GoldFormatError(VnadminError):
    """A line of a gold JSONL file breaks the guidelines' format."""

    code = "E002"

    def __init__(self, path, line_no, message: str):
        self.path = str(path)
        self.line_no = line_no
        self.reason = message
        super().__init__(f"{path}:{line_no}: {message}")


class SpanAlignmentError(VnadminError):
    """A span's character offsets do not fall on token boundaries."""

    code = "E003"


class ModelNotFoundError(VnadminError):
    """No pipeline could be found to load."""

    code = "E004"
