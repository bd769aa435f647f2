"""One module per page; shared scope checks in ``common``."""
