"""The command line: parse options, call the core, render. Exit codes are decided here alone.

0: success, or the question was answered, or the reader of a pipe stopped early;
1: not answered, a data error, or output that cannot be written;
2: a usage error, including a name or id the store does not hold.
"""

from __future__ import annotations

import sys

import click

from . import __version__, show
from .boundary import DataError, Group, NotAnswered, guarded
from .command_output import echo, emit_json
from .completion import complete_claims, complete_kinds, complete_parties, complete_party_list, complete_topics
from .errors import ModelUnavailable, StoreError
from .options import TOP, json_option, party_names, party_option, read_question, source_option
from .output import OutputFailed, buffer_stdout
from .session import Session, build_progress

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.option(
    "--data",
    # Not checked here: the store is read once, and a store that cannot be read is a store
    # problem, exit 1, as files.read_store says it.
    type=click.Path(dir_okay=True, readable=False, path_type=str),
    envvar="BERLINTALKS_DATA",
    help="Claim store to use (default: the bundled one). Also BERLINTALKS_DATA.",
)
@click.option(
    "--no-pager",
    is_flag=True,
    help="Print long output straight to the terminal (else it goes through $PAGER, or less -FRX).",
)
@click.option("--verbose", "-v", is_flag=True, help="Say which store is read, on standard error.")
@click.version_option(__version__, "--version", prog_name="berlintalks")
@click.pass_context
def cli(context: click.Context, data: str | None, no_pager: bool, verbose: bool) -> None:
    """Ask questions about the Berlin Ukraine-Russia peace talks; every answer is cited verbatim.

    \b
    Examples:
      berlintalks ask "What does Russia demand?"
      berlintalks ask "zelenskyy on nato?" --explain
      berlintalks sticking-points --party moscow
      berlintalks compare
      berlintalks cite russia-demands-ukraine-cede-occupied-territories
      berlintalks shell
      berlintalks --no-pager claims
      berlintalks init my-store
    """
    context.obj = Session(data, verbose=verbose)
    context.obj.output.paging = not no_pager
    if context.invoked_subcommand is None:
        echo(context.get_help())


@cli.command()
@click.argument("question", callback=read_question)
@click.option("--top", "-n", type=TOP, default=3, show_default=True, help="How many answers at most.")
@party_option("Only claims held by this party (any alias).")
@click.option("--explain", is_flag=True, help="Show how the question was read and why each answer ranked where it did.")
@json_option
@click.pass_obj
@guarded
def ask(session: Session, question: str, top: int, party: str | None, explain: bool, json_: bool) -> None:
    """Answer QUESTION from the claim store, with the passages that support it. A QUESTION
    of - is read from standard input.

    Exits 0 when answered and 1 when the store holds no answer.

    \b
    Examples:
      berlintalks ask "What does Russia demand?"
      berlintalks ask "whats moscows line on ceding land" --top 5
      berlintalks ask "is ukraine willing to drop its nato bid" --json
      echo "what does the kremlin want" | berlintalks ask -
    """
    if not question.strip():
        raise click.BadParameter("the question is empty", param_hint="'QUESTION'")
    party_id = session.resolve_id("actor", party, "--party")
    result = session.answering().ask(question, top=top, party=party_id)
    show.answer(session.store, result, explain=explain, json_=json_)
    if not result.answered:
        raise NotAnswered()


@cli.command("sticking-points")
@party_option("Only where this party holds a position.")
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

    party_id = session.resolve_id("actor", party, "--party")
    show.sticking_points(session, views_of(session.store, session.names, party_id), party_id, json_=json_)


@cli.command()
@click.option(
    "--parties",
    metavar="A,B,...",
    callback=party_names,
    shell_complete=complete_party_list,
    help="Parties to compare, comma-separated (default: all that hold positions).",
)
@json_option
@click.pass_obj
@guarded
def compare(session: Session, parties: list[str] | None, json_: bool) -> None:
    """Compare the parties' positions side by side: sticking points down, parties across.

    Each cell is the kind of that party's stance and how many claims state it; each sticking
    point's positions follow, with their claim ids.

    \b
    Examples:
      berlintalks compare
      berlintalks compare --parties russia,ukraine,us
    """
    from .browse import parties as parties_of
    from .browse import stance_matrix

    if parties:
        party_ids = list(dict.fromkeys(session.resolve_id("actor", name, "--parties") for name in parties))
    else:
        party_ids = parties_of(session.store)
    show.matrix(session.store, party_ids, stance_matrix(session.store, party_ids), json_=json_)


@cli.command()
@click.argument("claim_id", metavar="CLAIM_ID", shell_complete=complete_claims)
@json_option
@click.pass_obj
@guarded
def cite(session: Session, claim_id: str, json_: bool) -> None:
    """Show where a claim comes from: for each article its title, file, paragraph, line,
    character range and checksum, and the quote inside its paragraph.

    An unknown id is a usage error (exit 2) naming the nearest ids.

    \b
    Examples:
      berlintalks cite russia-demands-ukraine-cede-occupied-territories
      berlintalks cite lavrov-rejects-western-security-guarantees --json
    """
    show.citations(session.store, session.resolve("claim", claim_id, "CLAIM_ID").id, json_=json_)


@cli.command()
@click.option("--actor", "-a", metavar="ACTOR", shell_complete=complete_parties, help="Held by this actor or its people.")
@click.option("--topic", "-t", metavar="TOPIC", shell_complete=complete_topics, help="About this topic.")
@click.option(
    "--kind", "-k", metavar="KIND", shell_complete=complete_kinds, help="Of this kind (demand, offer, rejection, ...)."
)
@source_option("Reported by this source.")
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
        actor=session.resolve_id("actor", actor, "--actor"),
        topic=session.resolve_id("topic", topic, "--topic"),
        kind=session.resolve("kind", kind, "--kind"),
        source=session.resolve_id("source", source, "--source"),
    )
    show.claims(session.store, found, json_=json_, csv_=csv_)


def _listing(name: str, summary: str) -> None:
    """A command that lists one kind of entry with its claim counts."""

    @cli.command(name, help=f"{summary}\n\n\b\nExamples:\n  berlintalks {name}\n  berlintalks {name} --json")
    @json_option
    @click.pass_obj
    @guarded
    def command(session: Session, json_: bool) -> None:
        show.listing(session.store, name, json_=json_)


_listing("actors", "List the actors: parties and people, with their aliases and claim counts.")
_listing("topics", "List the topics with the words that name them and their claim counts.")
_listing("sources", "List the source articles with their files, checksums and claim counts.")


@cli.command()
@click.option("--uncovered", is_flag=True, help="List the paragraphs and sentences no claim cites yet.")
@source_option("With --uncovered: this source only.")
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
        session.load(reuse=False)  # the validator: the store itself, never what an entry says of it
        report = check_report(session.store)
    except StoreError as error:
        if not json_:
            raise  # every problem a line, as for any command (guarded)
        emit_json({"valid": False, "problems": error.problems})
        raise NotAnswered() from None
    if uncovered:
        show.uncovered(report, session.resolve_id("source", source, "--source"), json_=json_)
    else:
        show.check_report(report, json_=json_)


@cli.command("add-source")
@click.argument("article", metavar="FILE", type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--id", "source_id", required=True, metavar="ID", help="The new source's id: a lowercase slug.")
@click.option("--title", required=True, help="The article's title.")
@click.option(
    "--headline/--supplied-title",
    default=True,
    help="The title is the article's own first line (default; checked), or one the curator wrote.",
)
@json_option
@click.pass_obj
@guarded
def add_source(session: Session, article: str, source_id: str, title: str, headline: bool, json_: bool) -> None:
    """Copy an article beside the store's others and add it to the store's sources.

    The article's bytes are kept as they are; its sha256 is computed; the store's comments,
    order and formatting are kept, the entry added after the last source. The store is checked
    before it replaces the old one: it is left valid, or untouched. The title must be the
    article's first line (quote marks, dashes, case and spacing aside), and is stored as the
    article has it, unless --supplied-title says it is one of your own.

    \b
    Examples:
      berlintalks add-source ~/day-two.txt --id berlin-day-two --title "Berlin Talks Resume"
      berlintalks --data my/claims.yaml add-source a.txt --id a --title "Talks" --supplied-title
    """
    from .curate import add_source as add

    added = add(session.path, article, source_id, title, supplied_title=not headline)
    show.added_source(added, session.path, json_=json_)


@cli.command("index")
@json_option
@click.pass_obj
@guarded
def index_command(session: Session, json_: bool) -> None:
    """Build the sentence vectors `ask` reads the store's claims by meaning with.

    A store of up to 2,000 claims has them built on its first question; a larger one is
    answered from its words alone until this is run. Vectors are kept as they are made (in
    $XDG_CACHE_HOME/berlintalks), so an interrupted run goes on where it stopped, and only
    what an edit changed is made again. A progress bar shows on a terminal.

    \b
    Examples:
      berlintalks --data big/claims.yaml index
      berlintalks index --json
    """
    try:
        from .semantic import build_vectors

        vectors = build_vectors(session.store, session.stored.data, progress=build_progress())
    except ModelUnavailable as error:
        raise DataError([f"cannot build the vectors: {error}"]) from None
    show.vectors(vectors, json_=json_)


@cli.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=str))
@click.pass_obj
@guarded
def init(session: Session, folder: str) -> None:
    """Make a store of your own in DIR: the store in use (by default the bundled one) and its
    articles copied there, laid out as they are (DIR/data/claims.yaml beside DIR/seeds/).

    The bundled store is installed with berlintalks and read-only: add-source writes a store
    of your own, named with --data or BERLINTALKS_DATA. Nothing in DIR is overwritten.

    \b
    Examples:
      berlintalks init my-store
      berlintalks --data my-store/data/claims.yaml check
    """
    from .curate import init_store

    show.new_store(init_store(session.stored, session.store, folder))


@cli.command()
@click.argument("passage", metavar="TEXT")
@source_option("Look in this source only.")
@click.option("--yaml", "yaml_", is_flag=True, help="Print each match as a citation block to paste into a claim.")
@json_option
@click.pass_obj
@guarded
def locate(session: Session, passage: str, source: str | None, yaml_: bool, json_: bool) -> None:
    """Find where a passage occurs in the sources and print its exact text to quote.

    Quote marks and dashes typed plainly, case and white space do not matter; when nothing
    matches so, the closest near-misses are shown with their score (0-100), for a passage of
    up to 500 characters (a longer one is looked for only so). The first 10 places are listed
    and the rest counted; with --json, each match's "places" counts them all and "truncated"
    says whether some were left out.

    \b
    Examples:
      berlintalks locate "Moscow is demanding that Ukraine cede"
      berlintalks locate "Ukraine's long-standing goal" --yaml
      berlintalks locate "robust security garantees" --source us-dangles-guarantees --json
    """
    from .curate import locate as find

    if not passage.strip():
        raise click.UsageError("TEXT is empty")
    matches = find(session.store, passage, session.resolve_id("source", source, "--source"))
    show.matches(matches, yaml_=yaml_, json_=json_)
    if not matches:
        raise NotAnswered()


@cli.command()
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["json", "csv", "markdown"]),
    default="json",
    show_default=True,
    help="Output format: JSON for programs, CSV for a spreadsheet, Markdown for people.",
)
@click.option(
    "--table",
    type=click.Choice(["citations", "claims", "actors", "topics", "sources", "sticking-points"]),
    help="With --format csv, the table to print (default: citations, one row per quote).",
)
@click.pass_obj
@guarded
def export(session: Session, export_format: str, table: str | None) -> None:
    """Print the whole store, every citation resolved to its offsets, line and paragraph.

    JSON holds everything. CSV holds one table: citations (one row per quote, beside its
    claim), claims, actors, topics, sources, or sticking-points (one row per claim of a
    party's position); a cell a spreadsheet would run as a formula is written as text.
    Markdown is a briefing to read and share: the sources, a summary (the stance matrix and
    each party's demands and offers), then the claims by topic, each topic's quotes in its
    own footnotes with file, paragraph and line; store text is escaped, so that what a
    renderer shows is what the store says.

    \b
    Examples:
      berlintalks export --format json > store.json
      berlintalks export --format csv > citations.csv
      berlintalks export --format csv --table actors > actors.csv
      berlintalks export --format markdown > briefing.md
    """
    from .export import CsvTable, ExportFormat, export_text

    if table is not None and export_format != "csv":
        raise click.UsageError("--table goes with --format csv")
    exported = export_text(session.store, ExportFormat(export_format), CsvTable(table or "citations"))
    show.export(exported, json_=export_format == ExportFormat.JSON)


@cli.command()
@click.option("--top", "-n", type=TOP, default=3, show_default=True, help="How many answers at most, to begin with.")
@party_option("Only claims held by this party, to begin with.")
@click.option("--explain", is_flag=True, help="Explain every answer, to begin with.")
@click.pass_obj
@guarded
def shell(session: Session, top: int, party: str | None, explain: bool) -> None:
    """Ask a run of questions at a prompt; the answers are those of `ask`.

    Inside, `help` lists the shell's own commands: `:top N`, `:explain`, `:party NAME`
    and `:cite CLAIM_ID` change how questions are answered or show a claim's sources.
    Tab completes party names and aliases, topics and claim ids; line editing and
    history work where readline is available, the history kept in
    $XDG_STATE_HOME/berlintalks/history. Ctrl-C cancels the line; Ctrl-D, `exit` or `quit` leaves.

    \b
    Examples:
      berlintalks shell
      berlintalks shell --party kremlin --top 5
    """
    from .shell import Settings, run, session_actions

    session.load()  # the store is checked before the first prompt
    party_id = session.resolve_id("actor", party, "--party")
    run(Settings(top, explain, party_id), session_actions(session), session.output)


def main() -> None:
    if sys.stdout is None:  # started with standard output closed (>&-): nothing could be said
        OutputFailed("standard output is closed").show()
        sys.exit(OutputFailed.exit_code)
    buffer_stdout()
    cli.main(prog_name="berlintalks")
