"""Figures of a package kept in memory for the life of the process.

A package's rows never change once taken in — a village that sends the month again makes a new
package, and the earlier one only changes its ``state`` — so what is counted from its rows can
be kept, keyed by the database file, the package's id and its SHA-256 (a restored or another file
with a different package under the same id never matches). The dashboard opened again, the
month before counted for the PBI changes, the trend and the documents then read only the small
tables."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Hashable
from typing import Any, TypeVar

from sqlalchemy import select

from jkn_desktop.persistence.tables import kec_package_t
from jkn_desktop.persistence.work import Work

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
LIMIT = 50_000  # entries; the store starts again when it grows past this
_STORE: dict[tuple[Any, ...], Any] = {}
_LOCK = threading.Lock()


def package_keys(work: Work, ids: Collection[int]) -> dict[int, tuple[str, int, str]]:
    """package id → its key: (database file, id, SHA-256)."""
    if not ids:
        return {}
    P = kec_package_t
    path = str(work.location)
    rows = work.conn.execute(select(P.c.id, P.c.sha256).where(P.c.id.in_(list(ids))))
    return {int(i): (path, int(i), str(sha)) for i, sha in rows}


def cached(
    kind: str,
    keys: dict[K, tuple[Any, ...]],
    compute: Callable[[list[K]], dict[K, V]],
) -> dict[K, V]:
    """``compute(missing)`` for the items not kept yet (it must answer every one of them), the
    kept values for the others."""
    out: dict[K, V] = {}
    missing: list[K] = []
    with _LOCK:
        for item, key in keys.items():
            hit = _STORE.get((kind, *key), _STORE)
            if hit is _STORE:
                missing.append(item)
            else:
                out[item] = hit
    if missing:
        fresh = compute(missing)
        with _LOCK:
            if len(_STORE) + len(fresh) > LIMIT:
                _STORE.clear()
            for item in missing:
                _STORE[(kind, *keys[item])] = fresh[item]
        out.update(fresh)
    return out


def forget() -> None:
    """Drop everything kept (tests; a file replaced under the same name is covered by the key)."""
    with _LOCK:
        _STORE.clear()
