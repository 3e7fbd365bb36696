"""The people who use the program: accounts, roles and logging in (issue #14)."""
