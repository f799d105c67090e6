"""Chat backend."""
