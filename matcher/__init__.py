"""The error matcher: a pasted error in, the knowledge-base entries that answer it out.

>>> from matcher import match
>>> match("x509: certificate is valid for 10.0.0.1, not 34.12.56.78")[0].entry.title  # doctest: +SKIP
'Unable to connect to the server: x509: certificate is valid for …'
"""

from kb import __version__
from kb.settings import KB_ENV
from matcher.api import analyze, default_kb, match, matcher_for
from matcher.matcher import Matcher
from matcher.results import Explanation, Match, Param, Result

__all__ = [
    "KB_ENV",
    "Explanation",
    "Match",
    "Matcher",
    "Param",
    "Result",
    "__version__",
    "analyze",
    "default_kb",
    "match",
    "matcher_for",
]
