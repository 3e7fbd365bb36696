"""Every message a ``UserError`` can carry, in Indonesian, under its stable code.

A key is a stable code (``DB_LOCKED``), or a code and a variant after a dot
(``FILE_UNREADABLE.xlsb``) when one code covers several situations: the exception's ``code``
is the part before the dot, so the command line and the tests keep seeing the same codes. A
template names its placeholders (``{name}``); the raise site passes exactly those, already
formatted (``angka``, ``rupiah``, ``tanggal``). The areas keep their own modules; no key may
appear in two of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from jkn_desktop.messages import (
    apbdes,
    app,
    audit,
    backup,
    counter,
    database,
    documents,
    duplicates,
    files,
    kabupaten,
    kecamatan,
    kecamatan_reports,
    membership,
    officials,
    people,
    registry,
    sktm,
    usulan,
)

AREAS: dict[str, Mapping[str, str]] = {
    "app": app.MESSAGES,
    "files": files.MESSAGES,
    "database": database.MESSAGES,
    "backup": backup.MESSAGES,
    "registry": registry.MESSAGES,
    "membership": membership.MESSAGES,
    "apbdes": apbdes.MESSAGES,
    "kecamatan": kecamatan.MESSAGES,
    "duplicates": duplicates.MESSAGES,
    "kecamatan_reports": kecamatan_reports.MESSAGES,
    "kabupaten": kabupaten.MESSAGES,
    "usulan": usulan.MESSAGES,
    "documents": documents.MESSAGES,
    "counter": counter.MESSAGES,
    "sktm": sktm.MESSAGES,
    "officials": officials.MESSAGES,
    "people": people.MESSAGES,
    "audit": audit.MESSAGES,
}


def _merged() -> Mapping[str, str]:
    table: dict[str, str] = {}
    for area, messages in AREAS.items():
        twice = table.keys() & messages.keys()
        if twice:
            raise RuntimeError(f"message keys in two areas (again in {area}): {sorted(twice)}")
        table.update(messages)
    return MappingProxyType(table)


MESSAGES: Mapping[str, str] = _merged()


def code_of(key: str) -> str:
    """``FILE_UNREADABLE.xlsb`` → ``FILE_UNREADABLE``; a plain code is itself."""
    return key.partition(".")[0]


def message(key: str, /, **params: object) -> str:
    """The template of ``key`` filled with ``params`` (a missing one raises KeyError: our bug)."""
    return MESSAGES[key].format(**params)
