"""apbdes."""
