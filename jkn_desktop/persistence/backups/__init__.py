"""Backup files: copies made whole or not at all (files), what a database holds (facts), the
encrypted format (sealed), the copies in ``cadangan/`` with their sidecars (store)."""
