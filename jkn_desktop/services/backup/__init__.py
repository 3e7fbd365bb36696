"""Backups and restore (issue #14): automatic copies in ``cadangan/``, an encrypted copy for a
flash drive, restore with its checks, and undo of the last big step."""
