"""web: a local FastAPI app over a corpus store."""
