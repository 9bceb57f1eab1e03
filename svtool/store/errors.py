"""Problems opening or writing an evaluation file, in words a person can act on."""


class DocumentError(Exception):
    """The evaluation file cannot be used as asked; str(error) says why and what to do."""


class DocumentBusy(DocumentError):
    """Another svtool is writing to the file right now."""


class DocumentReadOnly(DocumentError):
    """The file was opened read-only, so it cannot be changed."""
