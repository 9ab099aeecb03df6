"""A store of one's own: the installed store is read-only, `init` copies it out, and every
command says which store it reads when asked."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks import paths
from berlintalks.cli import cli
from conftest import REAL_STORE, SEEDS

ARTICLE = Path(__file__).parent / "fixtures" / "berlin_second_day.txt"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package as pip installs it: the store and its articles under ``bundled/``."""
    package = tmp_path / "site-packages" / "berlintalks"
    shutil.copytree(SEEDS, package / "bundled" / "seeds")
    (package / "bundled" / "data").mkdir(parents=True)
    shutil.copy(REAL_STORE, package / "bundled" / "data" / "claims.yaml")
    monkeypatch.setattr(paths, "_PACKAGE", str(package))
    return package / "bundled" / "data" / "claims.yaml"


def test_add_source_refuses_the_installed_store(runner: CliRunner, installed: Path) -> None:
    before = installed.read_bytes()
    result = runner.invoke(cli, ["add-source", str(ARTICLE), "--id", "day-two", "--title", "Day two", "--supplied-title"])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {installed}: the store installed with berlintalks is read-only; "
        "make a store of your own with 'berlintalks init DIR' and name it with --data\n",
    )
    assert installed.read_bytes() == before
    assert not (installed.parent.parent / "seeds" / ARTICLE.name).exists()


def test_add_source_refuses_the_installed_store_named_through_a_link(
    runner: CliRunner, installed: Path, tmp_path: Path
) -> None:
    link = tmp_path / "mine.yaml"
    link.symlink_to(installed)
    result = runner.invoke(
        cli, ["--data", str(link), "add-source", str(ARTICLE), "--id", "day-two", "--title", "T", "--supplied-title"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {link}: the store installed with berlintalks is read-only;")


def test_init_copies_the_installed_store_and_says_how_to_use_it(
    runner: CliRunner, installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["init", "my store"], catch_exceptions=False)
    assert (result.exit_code, result.output) == (
        0,
        "Made a store of your own: my store/data/claims.yaml, with its 5 articles in my store/seeds.\n"
        "Use it with --data:    berlintalks --data 'my store/data/claims.yaml' check\n"
        f"or for every command: export BERLINTALKS_DATA='{tmp_path}/my store/data/claims.yaml'\n",
    )
    own = tmp_path / "my store"
    assert (own / "data" / "claims.yaml").read_bytes() == REAL_STORE.read_bytes()
    for seed in SEEDS.glob("*.txt"):
        assert (own / "seeds" / seed.name).read_bytes() == seed.read_bytes()
    checked = runner.invoke(cli, ["--data", "my store/data/claims.yaml", "check"])
    assert checked.output.startswith("OK: my store/data/claims.yaml is valid.\n")
    added = runner.invoke(
        cli,
        ["--data", "my store/data/claims.yaml", "add-source", str(ARTICLE), "--id", "day-two", "--title", "Day two",
         "--supplied-title"],
    )
    assert added.exit_code == 0, added.output
    assert hashlib.sha256((own / "seeds" / ARTICLE.name).read_bytes()).hexdigest() in added.output
    assert installed.read_bytes() == REAL_STORE.read_bytes()


def test_init_never_overwrites(runner: CliRunner, installed: Path, tmp_path: Path) -> None:
    target = tmp_path / "own"
    (target / "seeds").mkdir(parents=True)
    mine = target / "seeds" / "004_b260c448108cb886.txt"
    mine.write_text("my own notes\n")
    result = runner.invoke(cli, ["init", str(target)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {mine}: already exists; init makes a new store and never overwrites a file\n",
    )
    assert mine.read_text() == "my own notes\n"
    assert not (target / "data").exists()


def test_init_copies_the_store_in_use(runner: CliRunner, small_store: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--data", str(small_store), "init", str(tmp_path / "copy")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"Made a store of your own: {tmp_path}/copy/claims.yaml, with its 1 article in {tmp_path}/copy.\n"
    )
    assert (tmp_path / "copy" / "claims.yaml").read_bytes() == small_store.read_bytes()
    assert (tmp_path / "copy" / "talks.txt").read_bytes() == (small_store.parent / "talks.txt").read_bytes()


def test_verbose_says_which_store_is_read(runner: CliRunner, installed: Path, small_store: Path) -> None:
    result = runner.invoke(cli, ["-v", "claims", "--actor", "lavrov"])
    assert result.exit_code == 0
    assert result.stderr == f"berlintalks: reading {installed} (installed with berlintalks, read-only)\n"
    result = runner.invoke(cli, ["--verbose", "--data", str(small_store), "actors", "--json"])
    assert result.stderr == f"berlintalks: reading {small_store}\n"
    assert result.stdout.startswith("[")
