"""The one error a reader may raise: the input cannot be read, with a reason a person understands.

The CLI turns it into exit code 3 and `jiandu: <file>: <reason>`; the service stores the reason
in the job status. Readers must never let another exception escape (see `extractors.load`).
"""
from __future__ import annotations


class DocumentError(Exception):
    """The file is missing, empty, corrupt, encrypted, unsupported or over a limit."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
