"""Answer a question typed in the terminal with the claims that answer it, or decline.

Answering goes in stages, each a module, passing typed records (``records``) along:
``read`` turns the question into an interpretation (the parties it names by any alias or
misspelling, what it asks, its topics, its words corrected and read for meaning); ``plan``
works out what scoring needs; ``retrieve`` finds the claims worth scoring through the
postings; ``score`` rates each on those signals; ``decide`` says whether the store can
answer at all and picks the answers. ``tables`` holds what a store's claims say, built once
and cached, which the stages look things up in; ``index`` runs the stages over it.
"""

from .index import QueryIndex
from .read import highlight_spans, split_parts
from .records import Answer, ClaimFacts, Interpretation, Part, Result, Signal, Suggestion

__all__ = [
    "Answer", "ClaimFacts", "Interpretation", "Part", "QueryIndex", "Result", "Signal", "Suggestion",
    "highlight_spans", "split_parts",
]
