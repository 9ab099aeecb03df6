"""What each command shows of its result: with ``--json`` the result's plain data (``shapes``),
else text for a person (``render``), each imported only when that command shows it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .command_output import echo, emit, emit_csv, emit_json, session_output

if TYPE_CHECKING:
    from .browse import MatrixRow, StickingPointView
    from .check import CheckReport
    from .curate import AddedSource, Match, NewStore
    from .model import Claim, Store
    from .query import Result
    from .semantic import ClaimVectors
    from .session import Session


def answer(store: Store, result: Result, *, explain: bool, json_: bool) -> None:
    if json_:
        from .shapes import ask_data, explain_data

        data = ask_data(store, result)
        if explain:
            data["explain"] = explain_data(result)
        emit_json(data)
    else:
        from .render import ask_lines

        emit(lambda fancy: ask_lines(store, result, explain=explain))


def citations(store: Store, claim_id: str, *, json_: bool) -> None:
    from .browse import claim_citations

    claim, shown = claim_citations(store, claim_id)
    if json_:
        from .shapes import cite_data

        emit_json(cite_data(claim, shown, store))
        return
    from .render import cite_lines

    emit(lambda fancy: cite_lines(store, claim, shown, fancy=fancy))


def sticking_points(session: Session, views: list[StickingPointView], party_id: str | None, *, json_: bool) -> None:
    """The sticking points; for a party that holds no position in any, the claims it holds
    and the command that lists them."""
    if json_:
        from .shapes import sticking_points_data

        emit_json(sticking_points_data(session.store, views, party_id))
        return
    if party_id and not views:
        from .browse import filter_claims
        from .render import no_position_lines

        held = filter_claims(session.store, session.names, actor=party_id)
        listing = session.command("claims", "--actor", party_id)
        emit(lambda fancy: no_position_lines(session.store, party_id, held, listing))
        return
    from .render import sticking_points_lines

    emit(lambda fancy: sticking_points_lines(session.store, views, fancy=fancy))


def matrix(store: Store, party_ids: list[str], rows: list[MatrixRow], *, json_: bool) -> None:
    if json_:
        from .shapes import matrix_data

        emit_json(matrix_data(store, party_ids, rows))
        return
    from .render import matrix_lines

    emit(lambda fancy: matrix_lines(store, party_ids, rows, fancy=fancy))


def claims(store: Store, found: list[Claim], *, json_: bool, csv_: bool) -> None:
    if json_:
        from .shapes import claim_data

        emit_json([claim_data(store, claim) for claim in found])
    elif csv_:
        from .shapes import CLAIM_CSV_COLUMNS, claims_csv_rows

        emit_csv(CLAIM_CSV_COLUMNS, claims_csv_rows(store, found))
    else:
        from .render import claims_table
        from .wording import plural

        emit(lambda fancy: claims_table(store, found, fancy=fancy), summary=plural(len(found), "claim"))


def listing(store: Store, name: str, *, json_: bool) -> None:
    """The entries of the listing ``name`` (actors, topics or sources) with their claim counts."""
    from .shapes import listing_records

    rows = listing_records(store, name)
    if json_:
        emit_json(rows)
        return
    from .render import records_table
    from .wording import plural

    emit(lambda fancy: [records_table(rows, fancy=fancy)], summary=plural(len(rows), name.rstrip("s")))


def check_report(report: CheckReport, *, json_: bool) -> None:
    if json_:
        from .shapes import check_data

        emit_json(check_data(report))
    else:
        from .render import check_lines

        emit(lambda fancy: check_lines(report))


def uncovered(report: CheckReport, source_id: str | None, *, json_: bool) -> None:
    from .check import uncovered as left_to_curate

    left = left_to_curate(report, source_id)
    if json_:
        emit_json([item._asdict() for item in left])
        return
    from .render import uncovered_lines

    emit(lambda fancy: uncovered_lines(left), summary=f"{len(left)} uncovered" if left else "Everything is cited.")


def added_source(added: AddedSource, store_path: str, *, json_: bool) -> None:
    if json_:
        emit_json({**added._asdict(), "store": store_path})
        return
    echo(f"{'Copied to' if added.copied else 'Already there:'} {added.file} (sha256 {added.sha256})")
    echo(f"Added source {added.id!r} to {store_path}:")
    echo(added.entry)


def vectors(built: ClaimVectors, *, json_: bool) -> None:
    counts = {"claims": len(built.passages), "questions": len(built.questions)}
    if json_:
        emit_json(counts)
    else:
        echo(f"Vectors ready for {counts['claims']} claims and their {counts['questions']} questions.")


def new_store(made: NewStore) -> None:
    """The store ``init`` made, and how to use it."""
    import shlex

    from .wording import plural

    echo(f"Made a store of your own: {made.store}, with its {plural(made.count, 'article')} in {made.articles}.")
    echo(f"Use it with --data:    berlintalks --data {shlex.quote(made.store)} check")
    echo(f"or for every command: export BERLINTALKS_DATA={shlex.quote(os.path.abspath(made.store))}")


def matches(found: list[Match], *, yaml_: bool, json_: bool) -> None:
    """Where a passage occurs: as data, as citation blocks to paste into a claim, or as text."""
    if json_:
        from .shapes import locate_data

        emit_json(locate_data(found))
    elif not found:
        echo("Not found in the sources, even loosely.")
    elif yaml_:
        from .curate import citations_yaml

        echo(citations_yaml(found))
    else:
        from .render import locate_lines

        emit(lambda fancy: locate_lines(found))


def export(exported: str, *, json_: bool) -> None:
    """The exported store; JSON is written as JSON, escaping what the output cannot hold."""
    if json_:
        session_output().json(exported)
    else:
        session_output().text(exported)
