"""Many notes on disk: which paths are notes, finding them, the index, caches and settings."""
