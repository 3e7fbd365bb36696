"""usulan."""
