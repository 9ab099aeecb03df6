"""The command line: parse options, call the core, render. Exit codes are decided here alone.

0: success, or the question was answered; 1: not answered, or a data error;
2: a usage error.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click
from click.shell_completion import CompletionItem

from . import __version__
from .errors import BerlintalksError, CacheDamaged, StoreError, UnknownName

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DataError(click.ClickException):
    """A problem with the store or a lookup: every line printed, exit 1."""

    exit_code = 1

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines

    def show(self, file: Any = None) -> None:
        from .text import clean

        for line in self.lines:
            click.echo(f"Error: {clean(line)}", err=True)


class NotAnswered(click.ClickException):
    """Nothing was found: what there is to say is already printed; exit 1."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("")

    def show(self, file: Any = None) -> None:
        pass


class Session:
    """What the commands share: where the store is, loaded once on demand."""

    def __init__(self, data: str | None) -> None:
        self.data = data
        self._stored = None
        self._loaded = None

    def load(self, *, reuse: bool = True):
        if self._stored is None:
            from .files import read_store
            from .paths import bundled_store_path

            self._stored = read_store(self.data or _shown(bundled_store_path()))
        if self._loaded is None or not reuse:
            from .cache import load

            self._loaded = load(self._stored, reuse=reuse)
        return self._loaded

    def run(self, work: Callable[[], Any]) -> Any:
        """``work()``; when the cache entry proves damaged on the way, the store is built afresh
        from the bytes already read and ``work()`` runs again. Output is printed only once
        everything in it has been read, so nothing is printed twice."""
        try:
            return work()
        except CacheDamaged:
            self.load(reuse=False)
            return work()

    @property
    def store(self):
        return self.load()[0]

    @property
    def index(self):
        return self.load()[1]

    @property
    def names(self):
        return self.index.names

    def resolve(self, kind: str, value: str | None, option: str) -> Any:
        """The store entry a name given on the command line stands for; a bad one is a usage error."""
        if value is None:
            return None
        from .names import kind as claim_kind

        try:
            if kind == "kind":
                return claim_kind(value)
            return getattr(self.names, kind)(value)
        except UnknownName as error:
            raise click.BadParameter(str(error), param_hint=f"'{option}'") from None


def _shown(path: str) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """The one boundary where the core's errors become click errors."""

    @functools.wraps(function)
    def wrapper(session: Session, *args: Any, **kwargs: Any) -> Any:
        try:
            return session.run(lambda: function(session, *args, **kwargs))
        except StoreError as error:
            raise DataError(error.problems) from None
        except UnknownName as error:
            hint = f"; did you mean: {', '.join(error.suggestions)}?" if error.suggestions else ""
            raise DataError([f"{error}{hint}"]) from None
        except BerlintalksError as error:
            raise DataError([str(error)]) from None

    return wrapper


def json_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "json_", is_flag=True, help="Print JSON for scripts instead of text.")(function)


def emit_json(data: Any) -> None:
    from .data import to_json

    click.echo(to_json(data))


def emit(build: Callable[[bool, int], Iterable[Any]]) -> None:
    """Print what ``build(fancy, width)`` renders: fancy is a real terminal that can show
    borders and colour, width its columns."""
    from .render import console, is_fancy

    out = console()
    for renderable in list(build(is_fancy(out), out.width)):
        out.print(renderable)


def emit_csv(headers: Iterable[str], rows: Iterable[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    click.echo(buffer.getvalue(), nl=False)


# -- shell completion: names from the store the command line points at ----------------


def _completion_store(context: click.Context):
    from .paths import bundled_store_path
    from .store import load_store

    data = context.find_root().params.get("data") or os.environ.get("BERLINTALKS_DATA")
    try:
        return load_store(data or bundled_store_path())
    except BerlintalksError:
        return None


def _complete(entries: Callable[[Any], Iterable[tuple[str, str]]]) -> Callable[..., list[CompletionItem]]:
    def complete(context: click.Context, parameter: click.Parameter, incomplete: str) -> list[CompletionItem]:
        store = _completion_store(context)
        if store is None:
            return []
        return [CompletionItem(value, help=help_text) for value, help_text in entries(store) if value.startswith(incomplete)]

    return complete


complete_parties = _complete(lambda store: ((actor.id, actor.name) for actor in store.actors))
complete_topics = _complete(lambda store: ((topic.id, topic.name) for topic in store.topics))
complete_sources = _complete(lambda store: ((source.id, source.title) for source in store.sources))
complete_claims = _complete(lambda store: ((claim.id, claim.text) for claim in store.claims))


# -- commands ---------------------------------------------------------------------


@click.group(context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.option(
    "--data",
    type=click.Path(dir_okay=True, path_type=str),
    envvar="BERLINTALKS_DATA",
    help="Claim store to use (default: the bundled one). Also BERLINTALKS_DATA.",
)
@click.version_option(__version__, "--version", prog_name="berlintalks")
@click.pass_context
def cli(context: click.Context, data: str | None) -> None:
    """Ask questions about the Berlin Ukraine-Russia peace talks; every answer is cited verbatim.

    \b
    Examples:
      berlintalks ask "What does Russia demand?"
      berlintalks ask "zelenskyy on nato?" --explain
      berlintalks sticking-points --party moscow
      berlintalks compare
      berlintalks cite russia-demands-ukraine-cede-occupied-territories
      berlintalks shell
    """
    context.obj = Session(data)
    if context.invoked_subcommand is None:
        click.echo(context.get_help())


@cli.command()
@click.argument("question")
@click.option("--top", "-n", type=click.IntRange(1, 50), default=3, show_default=True, help="How many answers at most.")
@click.option(
    "--party", "-p", metavar="PARTY", shell_complete=complete_parties, help="Only claims held by this party (any alias)."
)
@click.option("--explain", is_flag=True, help="Show how the question was read and why each answer ranked where it did.")
@json_option
@click.pass_obj
@guarded
def ask(session: Session, question: str, top: int, party: str | None, explain: bool, json_: bool) -> None:
    """Answer QUESTION from the claim store, with the passages that support it.

    Exits 0 when answered and 1 when the store holds no answer.

    \b
    Examples:
      berlintalks ask "What does Russia demand?"
      berlintalks ask "whats the kremlins line on guarantees" --top 5
      berlintalks ask "is ukraine willing to drop its nato bid" --json
    """
    if not question.strip():
        raise click.BadParameter("the question is empty", param_hint="'QUESTION'")
    party_id = session.resolve("actor", party, "--party").id if party else None
    result = session.index.ask(question, top=top, party=party_id)
    _show_answer(session, result, explain=explain, json_=json_)
    if not result.answered:
        raise NotAnswered()


def _show_answer(session: Session, result: Any, *, explain: bool, json_: bool) -> None:
    if json_:
        from .data import ask_data, explain_data

        data = ask_data(session.store, result)
        if explain:
            data["explain"] = explain_data(result)
        emit_json(data)
    else:
        from .render import ask_lines

        emit(lambda fancy, width: ask_lines(session.store, result, explain=explain))


@cli.command("sticking-points")
@click.option(
    "--party", "-p", metavar="PARTY", shell_complete=complete_parties, help="Only where this party holds a position."
)
@json_option
@click.pass_obj
@guarded
def sticking_points(session: Session, party: str | None, json_: bool) -> None:
    """List the sticking points with each party's position, cited.

    With --party (any name, alias or misspelling: moscow, kremlin, russa), only the
    sticking points where that party holds a position, its position first.

    \b
    Examples:
      berlintalks sticking-points
      berlintalks sticking-points --party moscow --json
    """
    from .browse import sticking_points as views_of

    party_id = session.resolve("actor", party, "--party").id if party else None
    views = views_of(session.store, session.names, party_id)
    if json_:
        from .data import sticking_points_data

        emit_json(sticking_points_data(session.store, views, party_id))
        return
    from .render import sticking_points_lines

    emit(lambda fancy, width: sticking_points_lines(session.store, views, fancy=fancy))


@cli.command()
@click.option("--parties", metavar="A,B,...", help="Parties to compare, comma-separated (default: all that hold positions).")
@json_option
@click.pass_obj
@guarded
def compare(session: Session, parties: str | None, json_: bool) -> None:
    """Compare the parties' positions side by side: sticking points down, parties across.

    Each cell is that party's position in a sentence, with its claim id.

    \b
    Examples:
      berlintalks compare
      berlintalks compare --parties russia,ukraine,us
    """
    from .browse import parties as parties_of
    from .browse import stance_matrix

    if parties:
        names = [name.strip() for name in parties.split(",") if name.strip()]
        if not names:
            raise click.BadParameter("name at least one party", param_hint="'--parties'")
        party_ids = list(dict.fromkeys(session.resolve("actor", name, "--parties").id for name in names))
    else:
        party_ids = parties_of(session.store)
    rows = stance_matrix(session.store, party_ids)
    if json_:
        from .data import matrix_data

        emit_json(matrix_data(session.store, party_ids, rows))
        return
    from .render import matrix_lines

    emit(lambda fancy, width: matrix_lines(session.store, party_ids, rows, fancy=fancy, width=width))


@cli.command()
@click.argument("claim_id", metavar="CLAIM_ID", shell_complete=complete_claims)
@json_option
@click.pass_obj
@guarded
def cite(session: Session, claim_id: str, json_: bool) -> None:
    """Show where a claim comes from: for each article its title, file, paragraph, line,
    character range and checksum, and the quote inside its paragraph.

    An unknown id exits 1 with suggestions.

    \b
    Examples:
      berlintalks cite russia-demands-ukraine-cede-occupied-territories
      berlintalks cite lavrov-rejects-western-security-guarantees --json
    """
    from .browse import claim_citations

    claim, shown = claim_citations(session.store, claim_id)
    if json_:
        from .data import cite_data

        emit_json(cite_data(claim, shown, session.store))
        return
    from .render import cite_lines

    emit(lambda fancy, width: cite_lines(session.store, claim, shown, fancy=fancy))


@cli.command()
@click.option("--actor", "-a", metavar="ACTOR", shell_complete=complete_parties, help="Held by this actor or its people.")
@click.option("--topic", "-t", metavar="TOPIC", shell_complete=complete_topics, help="About this topic.")
@click.option("--kind", "-k", metavar="KIND", help="Of this kind (demand, offer, rejection, ...).")
@click.option("--source", "-s", metavar="SOURCE", shell_complete=complete_sources, help="Reported by this source.")
@json_option
@click.option("--csv", "csv_", is_flag=True, help="Print CSV for a spreadsheet.")
@click.pass_obj
@guarded
def claims(
    session: Session,
    actor: str | None,
    topic: str | None,
    kind: str | None,
    source: str | None,
    json_: bool,
    csv_: bool,
) -> None:
    """List claims, filtered by actor, topic, kind and source (names and aliases work).

    \b
    Examples:
      berlintalks claims --actor kremlin
      berlintalks claims --topic land --kind demand
      berlintalks claims --source us-dangles-guarantees --csv > claims.csv
    """
    if json_ and csv_:
        raise click.UsageError("choose one of --json and --csv")
    from .browse import filter_claims

    found = filter_claims(
        session.store,
        session.names,
        actor=session.resolve("actor", actor, "--actor").id if actor else None,
        topic=session.resolve("topic", topic, "--topic").id if topic else None,
        kind=session.resolve("kind", kind, "--kind"),
        source=session.resolve("source", source, "--source").id if source else None,
    )
    if json_:
        from .export import claim_data

        emit_json([claim_data(session.store, claim) for claim in found])
    elif csv_:
        from .data import CLAIM_CSV_COLUMNS, claims_csv_rows

        emit_csv(CLAIM_CSV_COLUMNS, claims_csv_rows(session.store, found))
    else:
        from .render import claims_table

        emit(lambda fancy, width: claims_table(session.store, found, fancy=fancy))


def _listing(name: str, records: Callable[[Session], list[dict[str, Any]]], doc: str) -> None:
    """A command that lists one kind of entry with its claim counts."""

    @cli.command(name, help=doc)
    @json_option
    @click.pass_obj
    @guarded
    def command(session: Session, json_: bool) -> None:
        rows = records(session)
        if json_:
            emit_json(rows)
            return
        from .render import plural, records_table, text

        emit(lambda fancy, width: [records_table(rows, fancy=fancy), text(plural(len(rows), name.rstrip("s")))])


def _actor_records(session: Session) -> list[dict[str, Any]]:
    from .browse import claim_counts
    from .data import actor_records

    return actor_records(session.store.actors, claim_counts(session.store)[0])


def _topic_records(session: Session) -> list[dict[str, Any]]:
    from .browse import claim_counts
    from .data import topic_records

    return topic_records(session.store.topics, claim_counts(session.store)[1])


def _source_records(session: Session) -> list[dict[str, Any]]:
    from .browse import claim_counts
    from .data import source_records

    return source_records(session.store.sources, claim_counts(session.store)[2])


_listing(
    "actors",
    _actor_records,
    "List the actors: parties and people, with their aliases and claim counts.\n\n"
    "\b\nExamples:\n  berlintalks actors\n  berlintalks actors --json",
)
_listing(
    "topics",
    _topic_records,
    "List the topics with the words that name them and their claim counts.\n\n"
    "\b\nExamples:\n  berlintalks topics\n  berlintalks topics --json",
)
_listing(
    "sources",
    _source_records,
    "List the source articles with their files, checksums and claim counts.\n\n"
    "\b\nExamples:\n  berlintalks sources\n  berlintalks sources --json",
)


@cli.command()
@click.option("--uncovered", is_flag=True, help="List the paragraphs and sentences no claim cites yet.")
@click.option("--source", "-s", metavar="SOURCE", shell_complete=complete_sources, help="With --uncovered: this source only.")
@json_option
@click.pass_obj
@guarded
def check(session: Session, uncovered: bool, source: str | None, json_: bool) -> None:
    """Validate the claim store and report what it holds and how much of each source it cites.

    Exits 0 when the store is valid, 1 otherwise, listing every problem as FILE:LINE: message.
    With --uncovered it lists what is left to curate: each paragraph no claim cites, and each
    uncited sentence of eight words or more in a paragraph that is partly cited.

    \b
    Examples:
      berlintalks check
      berlintalks check --uncovered --source us-dangles-guarantees
      berlintalks --data my/claims.yaml check --json
    """
    from .check import check_report

    if source is not None and not uncovered:
        raise click.UsageError("--source goes with --uncovered")
    try:
        report = check_report(session.store)
    except StoreError as error:
        if json_:
            emit_json({"valid": False, "problems": error.problems})
            raise NotAnswered() from None
        raise DataError(error.problems) from None
    if uncovered:
        _show_uncovered(report, session.resolve("source", source, "--source"), json_)
    elif json_:
        from .data import check_data

        emit_json(check_data(report))
    else:
        from .render import check_lines

        emit(lambda fancy, width: check_lines(report))


def _show_uncovered(report: Any, source: Any, json_: bool) -> None:
    from .check import uncovered

    left = uncovered(report, source.id if source else None)
    if json_:
        emit_json([item._asdict() for item in left])
        return
    for item in left:
        click.echo(f"{item.source} paragraph {item.paragraph}, line {item.line} ({item.kind}): {item.text}")
    click.echo(f"{len(left)} uncovered" if left else "Everything is cited.")


@cli.command("add-source")
@click.argument("article", metavar="FILE", type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--id", "source_id", required=True, metavar="ID", help="The new source's id: a lowercase slug.")
@click.option("--title", required=True, help="The article's title.")
@click.option(
    "--headline/--supplied-title",
    default=True,
    help="The title is the article's own first line (default), or one the curator wrote.",
)
@click.pass_obj
@guarded
def add_source(session: Session, article: str, source_id: str, title: str, headline: bool) -> None:
    """Copy an article beside the store's others and add it to the store's sources.

    The article's bytes are kept as they are; its sha256 is computed; the store's comments,
    order and formatting are kept, the entry added after the last source. The store is checked
    before it replaces the old one: it is left valid, or untouched.

    \b
    Examples:
      berlintalks add-source ~/new-article.txt --id berlin-day-two --title "Berlin talks, day two"
      berlintalks --data my/claims.yaml add-source a.txt --id a --title "Talks" --supplied-title
    """
    from .curate import add_source as add
    from .paths import bundled_store_path

    added = add(session.data or _shown(bundled_store_path()), article, source_id, title, supplied_title=not headline)
    click.echo(f"{'Copied' if added.copied else 'Already there:'} {added.path} (sha256 {added.sha256})")
    click.echo(f"Added source {added.id!r} to the store:")
    click.echo(added.entry)


@cli.command()
@click.argument("passage", metavar="TEXT")
@click.option("--source", "-s", metavar="SOURCE", shell_complete=complete_sources, help="Look in this source only.")
@click.option("--yaml", "yaml_", is_flag=True, help="Print each match as a citation block to paste into a claim.")
@json_option
@click.pass_obj
@guarded
def locate(session: Session, passage: str, source: str | None, yaml_: bool, json_: bool) -> None:
    """Find where a passage occurs in the sources and print its exact text to quote.

    Quote marks and dashes typed plainly, case and white space do not matter; when nothing
    matches so, the closest near-misses are shown with their score (0-100).

    \b
    Examples:
      berlintalks locate "Moscow is demanding that Ukraine cede"
      berlintalks locate "Ukraine's long-standing goal" --yaml
      berlintalks locate "robust security garantees" --source us-dangles-guarantees --json
    """
    from .curate import citation_yaml
    from .curate import locate as find

    if not passage.strip():
        raise click.UsageError("TEXT is empty")
    chosen = session.resolve("source", source, "--source")
    matches = find(session.store, passage, chosen.id if chosen else None)
    if json_:
        emit_json([{**match._asdict(), "unique": match.unique} for match in matches])
    if not matches:
        if not json_:
            click.echo("Not found in the sources, even loosely.")
        raise NotAnswered()
    if json_:
        return
    for number, match in enumerate(matches, start=1):
        if yaml_:
            click.echo(citation_yaml(match))
            continue
        exact = "" if match.score == 100 else f" (near miss, score {match.score:g})"
        which = "unique" if match.unique else f"occurs {match.count} times: give 'occurrence: {match.occurrence}'"
        click.echo(f"{number}. {match.source} paragraph {match.paragraph}, line {match.line}, characters "
                   f"{match.start}-{match.end}{exact}; {which}")
        click.echo(f"   quote: {match.quote}")


@cli.command()
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["json", "csv", "markdown"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.pass_obj
@guarded
def export(session: Session, export_format: str) -> None:
    """Print the whole store, every citation resolved to its offsets, line and paragraph.

    \b
    Examples:
      berlintalks export --format json > store.json
      berlintalks export --format csv > claims.csv
      berlintalks export --format markdown > claims.md
    """
    from .export import ExportFormat, export_text

    click.echo(export_text(session.store, ExportFormat(export_format)), nl=False)


@cli.command()
@click.pass_obj
@guarded
def shell(session: Session) -> None:
    """Ask a run of questions at a prompt; the answers are those of `ask`.

    Line editing and history work where readline is available; the history is kept
    in $XDG_STATE_HOME/berlintalks/history. Leave with Ctrl-D or `exit`.

    \b
    Example:
      berlintalks shell
    """
    session.load()  # a bad store is reported before the prompt
    history = _shell_history()
    click.echo("Ask about the Berlin peace talks; Ctrl-D or `exit` leaves.")
    try:
        while True:
            try:
                question = input("berlintalks> ")
            except EOFError:
                click.echo()
                return
            if question.strip().lower() in {"exit", "quit"}:
                return
            if question.strip():
                session.run(lambda asked=question: _show_answer(session, session.index.ask(asked), explain=False, json_=False))
    finally:
        history()


def _shell_history() -> Callable[[], None]:
    """Load readline's history, where there is readline; returns what saves it again."""
    try:
        import readline  # importing it gives input() line editing
    except ImportError:
        return lambda: None
    from .paths import state_directory

    path = os.path.join(state_directory(), "history")
    with contextlib.suppress(OSError):
        readline.read_history_file(path)

    def save() -> None:
        with contextlib.suppress(OSError):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            readline.set_history_length(1000)
            readline.write_history_file(path)

    return save


def main() -> None:
    try:
        cli.main(prog_name="berlintalks")
    except BrokenPipeError:
        # Output piped into a reader that stopped early (head): exit quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
