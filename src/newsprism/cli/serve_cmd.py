"""Commands: see module owner."""
from .app import main  # noqa: F401
