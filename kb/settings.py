"""Names of the environment variables kbfind reads: each defined once, here."""

from __future__ import annotations

__all__ = ["CACHE_ENV", "DEBUG_ENV", "KB_ENV", "SITE_URL_ENV"]

KB_ENV = "KBFIND_KB"
"""A content file or folder to answer from instead of the bundled FAQ."""

SITE_URL_ENV = "KBFIND_SITE_URL"
"""The published site's base URL, for links (overrides ``site_url`` of ``mkdocs.yml``)."""

CACHE_ENV = "KBFIND_CACHE_DIR"
"""Where indexes are kept instead of the user's cache directory."""

DEBUG_ENV = "KBFIND_DEBUG"
"""Set to show a traceback instead of one line for an internal error."""
