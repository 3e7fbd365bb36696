"""Persistence: tables, the engine set-up, migrations and SQLite-specific parts (FTS5, pragmas)."""
