"""Domain exceptions.  Messages say what happened and what the user can do.

Only the CLI and the web layer turn these into exit codes or HTTP statuses.
"""
from __future__ import annotations


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""

    exit_code = 1
    code = "error"  # short machine code used in JSON output and ReadFailure.error


class OptionsError(NewsprismError):
    """An option has an invalid value."""

    exit_code = 2
    code = "bad-option"


class InputError(NewsprismError):
    """A single input (file, URL, record) could not be read.  The batch goes on."""

    code = "unreadable"

    def __init__(self, source: str, message: str, code: str | None = None):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        if code:
            self.code = code


class NoInputError(NewsprismError):
    """Nothing to work on: no path matched, or every input failed."""

    exit_code = 2
    code = "no-input"


class FetchError(InputError):
    code = "fetch-failed"


class ModelMissingError(NewsprismError):
    """A model package is not installed."""

    exit_code = 3
    code = "model-missing"


class StoreError(NewsprismError):
    """The corpus database cannot be opened or used."""

    exit_code = 4
    code = "store"


class NotFoundError(NewsprismError):
    """A story or article id that does not exist."""

    exit_code = 5
    code = "not-found"


class AnalysisError(NewsprismError):
    """A story's analysis failed unexpectedly (a bug): says which story and stage, never a traceback."""

    code = "analysis-failed"
