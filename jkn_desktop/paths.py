"""Where the app keeps its files, and where the shipped resources and migrations are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "JKN Desktop"
ENV_DB = "JKN_DESKTOP_DB"


def _bundle_root() -> Path:
    """The folder that holds resources/ and db/: the source tree, or the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def migrations_dir() -> Path:
    return _bundle_root() / "db"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def default_db_path() -> Path:
    """``--db`` wins over ``JKN_DESKTOP_DB``, which wins over the user's data folder."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return data_dir() / "jkn_desktop.sqlite3"


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "cadangan"
