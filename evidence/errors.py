"""Errors a person can act on: each names what went wrong, with which file, and what to do."""


class EvidenceError(Exception):
    """Base class of every error the library raises on purpose."""


class ReadError(EvidenceError):
    """An input file could not be turned into a document."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormatError(ReadError):
    """The file's type is not one `evidence` reads."""


class EmptyFileError(ReadError):
    """The file has no content."""


class CorruptFileError(ReadError):
    """The file is truncated, malformed or not what its name says."""


class EncryptedFileError(ReadError):
    """The file is password-protected."""


class NoTextLayerError(ReadError):
    """A PDF whose pages carry no text (a scan): it needs OCR first."""


class UnsafeXMLError(ReadError):
    """An XML file declares entities or external references, which are refused."""


class TableError(EvidenceError):
    """An evidence or study table is missing columns or holds impossible values."""


class PoolingError(EvidenceError):
    """A meta-analysis cannot be computed from the data given."""


class OutputError(EvidenceError):
    """An output file could not be written."""


class GoldError(EvidenceError):
    """A gold file for `evidence eval` is malformed."""


class NoInputError(EvidenceError):
    """No article was found under the PATHs given, so nothing was read and nothing written."""

    exit_code = 2

    def __init__(self, paths, problems=()):
        self.paths = [str(p) for p in paths]
        self.problems = list(problems)
        where = ", ".join(self.paths) or "(none)"
        reasons = "; ".join(f"{name}: {reason}" for name, reason in self.problems)
        super().__init__(f"no article found under {where}" + (f" ({reasons})" if reasons else "")
                         + "; nothing was written. Check the path, and that it holds PDF, text, "
                           "Markdown, HTML or XML files")
