"""corpus: an incremental SQLite article store, and online grouping of articles into stories."""
