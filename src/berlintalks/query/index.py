"""Answering a question in stages over a store's index tables: read, plan, retrieve, score, decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Store
from .decide import answer, combine, decline, reason_to_decline
from .plan import make_plan
from .rank import ranked
from .read import interpret, refers_back, split_parts, with_context
from .records import Plan, Result, Scored
from .retrieve import candidates
from .score import score
from .tables import IndexTables

if TYPE_CHECKING:
    from ..semantic import Meaning


class QueryIndex(IndexTables):
    """A store's index tables, and the stages run over them to answer a question."""

    def __init__(self, store: Store, state: dict[str, Any] | None = None) -> None:
        super().__init__(store, state)
        self.meaning: Meaning | None = None
        """Reads questions by meaning (see ``semantic``); None where the sentence model does not
        run, and answers come from the words alone."""

    def ask(self, question: str, *, top: int = 3, party: str | None = None) -> Result:
        """The claims that answer ``question``, best first; or why none does, with suggestions.

        A question in several parts has each part answered on its own, its answers after those
        of the parts before; a part that names neither a party nor a topic ("and what might block
        it?") is read with those of the part before.
        """
        texts = split_parts(question)
        if len(texts) == 1:
            return self._answer(question, top, party)
        results: list[Result] = []
        for number, text in enumerate(texts):
            share = max(top // len(texts) + (number < top % len(texts)), 1)
            before = results[-1] if results else None
            reading = interpret(self, text)
            if before and refers_back(reading, text):
                if not before.answered:  # "who is X and what did he do": about the same unknown
                    results.append(before._replace(question=text, interpretation=reading))
                    continue
                text = with_context(text, before.interpretation)
            results.append(self._answer(text, share, party))
        return combine(question, results, top)

    def _answer(self, question: str, top: int, party: str | None) -> Result:
        """The answers to a question in one part."""
        reading = interpret(self, question)
        plan = make_plan(self, question, reading, party)
        reason = reason_to_decline(reading, plan)
        if reason:
            # By meaning, what comes near the question is worth suggesting even so ("what does
            # China think" is near what observers think); by words alone, the nearest topics.
            nearest = None
            if self.meaning is not None:
                nearest = [row.claim for row in self.scored(question, plan) if row.matched][:3]
            return decline(self, question, reading, reason, nearest)
        return answer(self, question, reading, plan, self.scored(question, plan), top)

    def scored(self, question: str, plan: Plan) -> list[Scored]:
        """The claims worth scoring for the question, scored, best first: by meaning and words
        together where the sentence model runs, else by words alone."""
        rows = {
            position: row for position in candidates(self, plan) if (row := score(self, plan, position)) is not None
        }
        if self.meaning is not None:
            rows = ranked(self, plan, self.meaning.similarities(question), rows)
        return sorted(
            rows.values(),
            # Between equals, the claim more articles report comes first.
            key=lambda row: (row.score, len(row.claim.source_ids), -row.position),
            reverse=True,
        )
