"""kbfind: answers a pasted error from a markdown FAQ — the command-line front end.

The library lives in :mod:`kb` (the knowledge base) and :mod:`matcher` (the error matcher);
this package only reads arguments and formats results.
"""

__version__ = "0.1.0"
