"""The bundled store itself: valid, verbatim, and covering every article."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from berlintalks.check import check_report
from berlintalks.model import Store
from berlintalks.paths import bundled_store_path
from berlintalks.store import load_store
from conftest import REAL_STORE, SEEDS


@pytest.fixture(scope="module")
def store() -> Store:
    return load_store(REAL_STORE)


def test_the_bundled_store_is_the_repository_store_in_a_checkout() -> None:
    assert Path(bundled_store_path()).read_bytes() == REAL_STORE.read_bytes()


def test_every_quote_is_verbatim_at_its_offsets(store: Store) -> None:
    for claim in store.claims:
        for citation in claim.citations:
            source = store.source_by_id[citation.source]
            raw = (SEEDS / Path(source.path).name).read_bytes().decode("utf-8")
            assert raw[citation.start : citation.end] == citation.quote, claim.id
            assert raw.count("\n", 0, citation.start) + 1 == citation.line


def test_every_paragraph_and_nine_in_ten_long_sentences_are_cited(store: Store) -> None:
    report = check_report(store)
    cited_paragraphs, paragraphs = report.paragraphs
    cited_sentences, sentences = report.sentences
    assert cited_paragraphs == paragraphs
    assert cited_sentences >= 0.9 * sentences


def test_every_source_is_cited_and_claims_are_corroborated(store: Store) -> None:
    report = check_report(store)
    assert all(count > 0 for count in report.claims_per_source.values())
    assert len(report.corroborated) >= 10


def test_sticking_points_name_several_parties(store: Store) -> None:
    by_id = {point.id: point for point in store.sticking_points}
    for point_id in ("territory", "security-guarantees", "nato-membership"):
        assert len(by_id[point_id].positions) >= 3, point_id


def test_both_accounts_of_the_us_administration_are_kept(store: Store) -> None:
    actors = {claim.actor for claim in store.claims}
    assert {"biden-administration", "trump"} <= actors


#: The articles as they were published: a seed edited, however its store entry is updated, is caught.
ORIGINAL_SHA256 = {
    "000_d3216ffadb535415.txt": "88dd7f824e54f1c5ee26bfed2f4049ed4c9ee06a10b85714f343cab74375df72",
    "001_59d789f681cfe793.txt": "ad761d3d3432558ef3013778bc57e5d14059134f9b9fecd47aa747c12914cdfa",
    "002_0853a8392f94d10e.txt": "b4c801d83a4b7c5778ff2239f08c67cd408a6603629c3748303414809c080d4a",
    "003_ae7a1355111e8a10.txt": "71fbf4f087e2ea50403072289492b77d6b516258c0308c3ef5deb7ceba76eaac",
    "004_b260c448108cb886.txt": "604fea9bee1ec8433ee8c2e5d1ec5e841a3a1db3a33ecfefe7ab74387e54dbcd",
}


def test_seeds_are_byte_identical_to_the_originals() -> None:
    found = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in SEEDS.glob("*.txt")}
    assert found == ORIGINAL_SHA256


def test_checksums_in_the_store_match_the_seeds(store: Store) -> None:
    for source in store.sources:
        assert hashlib.sha256((SEEDS / Path(source.path).name).read_bytes()).hexdigest() == source.sha256
