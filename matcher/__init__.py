"""The error matcher: a pasted error in, the knowledge-base entries that answer it out.

>>> from matcher import match
>>> match("x509: certificate is valid for 10.0.0.1, not 34.12.56.78")[0].entry.title  # doctest: +SKIP
'Unable to connect to the server: x509: certificate is valid for …'
"""

from matcher.api import KB_ENV, analyze, default_kb, match
from matcher.model import Explanation, Match, Param, Result

__all__ = ["KB_ENV", "Explanation", "Match", "Param", "Result", "analyze", "default_kb", "match"]
