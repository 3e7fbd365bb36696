"""Pure domain rules: identifiers, code lists, formatting. No database, no Qt."""
