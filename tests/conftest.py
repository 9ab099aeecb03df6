from __future__ import annotations

import hashlib
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
REAL_STORE = ROOT / "data" / "claims.yaml"

SOURCE_TEXT = (
    "Talks in Berlin\n"
    "Moscow is demanding that Ukraine cede occupied territories. Kyiv rejects any loss of land.\n"
    "The United States offered security guarantees to Ukraine. Europe backs them.\n"
)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's store choice or cache by accident."""
    monkeypatch.delenv("BERLINTALKS_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def repository_store(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's own store read by default, in place of the one installed with the
    package: what a path looks like from the repository must not depend on how the package
    was installed (in place, or copied into site-packages)."""
    monkeypatch.setenv("BERLINTALKS_DATA", str(REAL_STORE))
    return REAL_STORE


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def small_store_text(sha256: str) -> str:
    return textwrap.dedent(
        f"""\
        sources:
          - id: talks
            path: talks.txt
            title: Talks in Berlin
            sha256: {sha256}
        actors:
          - id: russia
            name: Russia
            kind: state
            aliases: [Moscow, the Kremlin]
          - id: ukraine
            name: Ukraine
            kind: state
            aliases: [Kyiv]
          - id: united-states
            name: United States
            kind: state
            aliases: [US, Washington]
        topics:
          - id: territory
            name: Territory
            aliases: [land, occupied territories]
          - id: security-guarantees
            name: Security guarantees
            aliases: [guarantees]
        claims:
          - id: russia-demands-territory
            actor: russia
            kind: demand
            topics: [territory]
            text: Russia demands that Ukraine cede occupied territories.
            questions: [What does Russia demand?, what land does moscow want, russia territory demand]
            citations:
              - source: talks
                quote: Moscow is demanding that Ukraine cede occupied territories.
          - id: ukraine-rejects-land-loss
            actor: ukraine
            kind: rejection
            topics: [territory]
            text: Ukraine rejects any loss of land.
            questions: [Does Ukraine accept losing land?, what does kyiv reject, ukraine land refusal]
            citations:
              - source: talks
                quote: Kyiv rejects any loss of land.
          - id: us-offers-guarantees
            actor: united-states
            kind: offer
            topics: [security-guarantees]
            text: The United States offered security guarantees to Ukraine.
            questions: [What did the United States offer Ukraine?, will washington protect kyiv, us guarantees offer]
            citations:
              - source: talks
                quote: The United States offered security guarantees to Ukraine.
        sticking_points:
          - id: territory
            title: Territory
            topic: territory
            positions:
              - party: russia
                stance: cede occupied land
                claims: [russia-demands-territory]
              - party: ukraine
                stance: no loss of land
                claims: [ukraine-rejects-land-loss]
        """
    )


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    """A valid three-claim store with its one source, in a folder of its own."""
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "talks.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    store = folder / "claims.yaml"
    store.write_text(small_store_text(hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()), encoding="utf-8")
    return store


@pytest.fixture
def real_store_copy(tmp_path: Path) -> Path:
    """The bundled store and seeds copied elsewhere, to edit without touching the real ones."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "data").mkdir()
    shutil.copy(REAL_STORE, tmp_path / "data" / "claims.yaml")
    return tmp_path / "data" / "claims.yaml"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KB file system of its own, to fill: a real full disk, not /dev/full, where a write
    can succeed in part before the disk is full."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
