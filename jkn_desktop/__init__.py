"""JKN Desktop: everything that is not Qt (domain rules, services, persistence, command line)."""

__version__ = "0.1.0"
APP_NAME = "JKN Desktop"
