"""Errors a person can cause, with messages that say what to do. The UI and CLI show them as they are."""


class UserError(Exception):
    """Something the user asked for cannot be done; str(error) is the plain-English explanation."""
