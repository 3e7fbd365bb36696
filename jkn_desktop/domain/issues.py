"""A validation finding with a stable code, shared by dialogs, importers and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    severity: Severity
    message: str
    field: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(code: str, message: str, field: str = "") -> Issue:
    return Issue(code, "error", message, field)


def warning(code: str, message: str, field: str = "") -> Issue:
    return Issue(code, "warning", message, field)
