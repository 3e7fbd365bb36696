"""Reading and writing tables directly in a test, each in its own unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

USER = "Operator Uji"


@contextmanager
def reading(db: Any) -> Iterator[Connection]:
    """A read-only job's connection, to look at what the services left behind."""
    with db.work(USER, write=False) as work:
        yield work.conn


@contextmanager
def writing(db: Any) -> Iterator[Connection]:
    """A write job's connection, to set up a situation the services would not make."""
    with db.work(USER) as work:
        yield work.conn
