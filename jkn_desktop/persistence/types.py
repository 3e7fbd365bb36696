"""Column types that mean the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


def aware(value: dt.datetime) -> dt.datetime:
    """A moment with its zone; a naive one is taken as the computer's local time."""
    return value if value.tzinfo is not None else value.astimezone()


class Timestamp(TypeDecorator[dt.datetime]):
    """A moment with its zone (WIB, WITA, WIT …), to the second.

    PostgreSQL keeps it as ``timestamptz``. SQLite has no such type, so the value is ISO 8601 text
    with its offset, ``2026-12-01 14:38:05+07:00``; text without an offset (written before zones
    were kept) is read as the computer's local time.
    """

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(DateTime(timezone=True))
        return dialect.type_descriptor(DateTime())

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value: Any) -> Any:
            if isinstance(value, dt.datetime):
                return aware(value).replace(microsecond=0).isoformat(sep=" ")
            return value

        return process

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def process(value: Any) -> Any:
            if isinstance(value, str):
                return aware(dt.datetime.fromisoformat(value))
            return value

        return process

    def process_bind_param(
        self, value: dt.datetime | str | None, dialect: Dialect
    ) -> dt.datetime | None:
        if isinstance(value, str):  # the stored text a bulk write prepared (persistence.bulk)
            return aware(dt.datetime.fromisoformat(value))
        return None if value is None else aware(value).replace(microsecond=0)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else aware(value)
