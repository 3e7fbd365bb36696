"""Services: what the window and the command line ask for, returned as plain dataclasses."""
