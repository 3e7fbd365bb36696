"""Writing workbooks and files from the registry."""
