"""kbfind: answers a pasted error from a markdown FAQ — the command-line front end.

The library lives in :mod:`kb` (the knowledge base) and :mod:`matcher` (the error matcher);
this package only reads arguments and formats results.
"""

from kb import __version__

__all__ = ["__version__"]
