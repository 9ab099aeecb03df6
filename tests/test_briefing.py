"""The Markdown briefing: a summary, then the claims by topic with each topic's own footnotes;
and store and article text escaped, so that what a renderer shows is what the store says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks import cache
from berlintalks.cli import cli
from berlintalks.model import Store
from berlintalks.query import QueryIndex
from berlintalks.store import load_store
from conftest import REAL_STORE, ROOT, SEEDS


def briefing(runner: CliRunner, store: Path | None = None) -> str:
    prefix = ["--data", str(store)] if store else []
    result = runner.invoke(cli, [*prefix, "export", "--format", "markdown"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_briefing_on_the_small_store(runner: CliRunner, small_store: Path) -> None:
    file = small_store.parent / "talks.txt"  # not below the working directory: absolute
    assert briefing(runner, small_store) == (
        "# The Berlin Ukraine–Russia peace talks: a cited briefing\n"
        "\n"
        "3 claims from 1 article, 1 sticking point. Every quote is the article's own words, verbatim; "
        "each topic's footnotes give its article, file, paragraph and line.\n"
        "\n"
        "## Sources\n"
        "\n"
        f"1. **Talks in Berlin**: `{file}`, 3 claims\n"
        "\n"
        "## Summary\n"
        "\n"
        "### Where the parties stand\n"
        "\n"
        "Each cell: the kind of the party's position, then what it wants.\n"
        "\n"
        "| Sticking point | Russia | Ukraine |\n"
        "| --- | --- | --- |\n"
        "| Territory | demand: cede occupied land | rejection: no loss of land |\n"
        "\n"
        "### What each party demands and offers\n"
        "\n"
        "#### Russia\n"
        "\n"
        "- demand: Russia demands that Ukraine cede occupied territories. `russia-demands-territory`\n"
        "\n"
        "## Claims by topic\n"
        "\n"
        "### Territory\n"
        "\n"
        "- **Russia**, demand: Russia demands that Ukraine cede occupied territories.[^territory-1] "
        "`russia-demands-territory`\n"
        "- **Ukraine**, rejection: Ukraine rejects any loss of land.[^territory-2] `ukraine-rejects-land-loss`\n"
        "\n"
        f"[^territory-1]: “Moscow is demanding that Ukraine cede occupied territories.” — Talks in Berlin, `{file}`, "
        "paragraph 2, line 2.\n"
        "\n"
        f"[^territory-2]: “Kyiv rejects any loss of land.” — Talks in Berlin, `{file}`, paragraph 2, line 2.\n"
        "\n"
        "### Security guarantees\n"
        "\n"
        "- **United States**, offer: The United States offered security guarantees to Ukraine."
        "[^security-guarantees-1] `us-offers-guarantees`\n"
        "\n"
        "[^security-guarantees-1]: “The United States offered security guarantees to Ukraine.” — Talks in Berlin, "
        f"`{file}`, paragraph 3, line 3.\n"
    )


def test_the_briefing_of_the_real_store_begins_with_its_sources_and_the_matrix(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, repository_store: Path
) -> None:
    monkeypatch.chdir(ROOT)  # from the repository, the articles open by their path below it
    lines = briefing(runner).splitlines()
    assert lines[:21] == [
        "# The Berlin Ukraine–Russia peace talks: a cited briefing",
        "",
        "212 claims from 5 articles, 8 sticking points. Every quote is the article's own words, verbatim; "
        "each topic's footnotes give its article, file, paragraph and line.",
        "",
        "## Sources",
        "",
        "1. **The Berlin talks: goals, players and background (explainer)** (a title supplied by the curator, not the "
        "article's own headline): `seeds/000_d3216ffadb535415.txt`, 44 claims",
        "2. **NATO, Ukraine's membership bid and security guarantees (explainer)** (a title supplied by the curator, not "
        "the article's own headline): `seeds/001_59d789f681cfe793.txt`, 51 claims",
        "3. **The peace talks: aims, sticking points and risks (explainer)** (a title supplied by the curator, not the "
        "article's own headline): `seeds/002_0853a8392f94d10e.txt`, 64 claims",
        "4. **Background of the Berlin talks: Ukraine signals a shift on NATO** (a title supplied by the curator, not "
        "the article's own headline): `seeds/003_ae7a1355111e8a10.txt`, 37 claims",
        "5. **US Dangles Security Guarantees, But Ukraine Peace Talks Stall Over Territory**: "
        "`seeds/004_b260c448108cb886.txt`, 43 claims",
        "",
        "## Summary",
        "",
        "### Where the parties stand",
        "",
        "Each cell: the kind of the party's position, then what it wants.",
        "",
        "| Sticking point | European leaders | Russia | Ukraine | United States | Ukrainian public | Observers and analysts |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        "| Territory and the occupied regions | — | demand: Ukraine cedes the occupied land | rejection: no land "
        "surrendered | demand: pressure to withdraw; free zones | rejection: no land for peace | — |",
    ]
    # Two demands for opposite things, told apart by their stances (issue 19, item 5).
    assert ("| Ukraine's neutrality and limits on its military | demand: Ukraine keeps its military strength | "
            "demand: neutrality, a limited military | — | — | — | — |") in lines


def test_each_partys_demands_and_offers_hold_its_peoples_too(runner: CliRunner) -> None:
    text = briefing(runner)
    summary = text.split("\n### What each party demands and offers\n", 1)[1].split("\n## Claims by topic\n", 1)[0]
    russia = summary.split("\n#### Russia\n\n", 1)[1].split("\n\n", 1)[0]
    assert russia.splitlines() == [
        "- demand: Russia demands that Ukraine cede occupied territories, including significant portions of the Donbas "
        "region and other areas not fully under Russian control. `russia-demands-ukraine-cede-occupied-territories`",
        "- demand: Lavrov insists on recognition of Russia's territorial claims and continued control over occupied "
        "lands. `lavrov-insists-on-recognition-of-russian-territorial-claims`",
        "- demand: Russia maintains maximalist demands, including Ukraine's neutrality and limitations on its military "
        "capabilities. `russia-demands-ukraine-neutrality-and-military-limits`",
    ]
    assert re.findall(r"^#### (.*)$", summary, re.MULTILINE) == ["European leaders", "Russia", "Ukraine", "United States"]


_ITEM = re.compile(r"^- (?:\*\*(.*)\*\*, )?([a-z]+): (.*?)((?:\[\^[a-z0-9-]+\])+) `([a-z0-9-]+)`$", re.MULTILINE)
_FOOTNOTE = re.compile(r"^\[\^([a-z0-9-]+)-(\d+)\]: “(.*)” — (.*), `(.*)`, paragraph (\d+), line (\d+)\.$", re.MULTILINE)


def test_every_claim_is_under_its_first_topic_with_its_quotes_in_that_topics_footnotes(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, repository_store: Path
) -> None:
    monkeypatch.chdir(ROOT)
    store = load_store(REAL_STORE)
    sections = briefing(runner).split("\n## Claims by topic\n", 1)[1].split("\n### ")[1:]
    assert [section.split("\n", 1)[0] for section in sections] == [
        topic.name for topic in store.topics if any(claim.topics[0] == topic.id for claim in store.claims)
    ]
    assert not re.search(r"^#+ [a-z0-9-]+$", "\n".join(sections), re.MULTILINE)  # no claim id as a heading
    seen = []
    for section in sections:
        topic = next(topic for topic in store.topics if topic.name == section.split("\n", 1)[0])
        items = _ITEM.findall(section)
        notes = _FOOTNOTE.findall(section)
        assert [claim_id for *_, claim_id in items] == [c.id for c in store.claims if c.topics[0] == topic.id]
        assert [(label, int(number)) for label, number, *_ in notes] == [
            (topic.id, number) for number in range(1, len(notes) + 1)
        ]  # numbered in the section, from 1
        marks = [mark for *_, found, _ in items for mark in re.findall(r"\[\^([a-z0-9-]+)\]", found)]
        assert marks == [f"{topic.id}-{number}" for number in range(1, len(notes) + 1)]
        for (actor, kind, text, _, claim_id), cited in zip(items, _cited(items, notes), strict=True):
            claim = store.claim_by_id[claim_id]
            assert (actor, kind, unescaped(text)) == (store.actor_by_id[claim.actor].name if claim.actor else "",
                                                      claim.kind.value, claim.text)
            assert len(cited) == len(claim.citations)
            for (_, _, quote, title, path, paragraph, line), citation in zip(cited, claim.citations, strict=True):
                source = store.source_by_id[citation.source]
                assert (path, unescaped(title)) == (source.path, source.shown_title)
                lines = (SEEDS / Path(path).name).read_text(encoding="utf-8").splitlines()
                assert unescaped(quote) == citation.quote and citation.quote in lines[int(line) - 1]
                assert int(paragraph) == sum(1 for text in lines[: int(line)] if text.strip())
        seen += [claim_id for *_, claim_id in items]
    assert sorted(seen) == sorted(claim.id for claim in store.claims)  # each claim once


def unescaped(markdown: str) -> str:
    """Text as a renderer shows it, of one line with no markup but backslash escapes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def _cited(items: list[tuple[str, ...]], notes: list[tuple[str, ...]]) -> list[list[tuple[str, ...]]]:
    """Each item's footnotes, taken in order as its marks count them."""
    by_item, at = [], 0
    for *_, found, _ in items:
        count = found.count("[^")
        by_item.append(notes[at : at + count])
        at += count
    return by_item


def test_a_quote_over_two_lines_stays_in_its_footnote(runner: CliRunner, small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8")
    old = "quote: Kyiv rejects any loss of land."
    small_store.write_text(text.replace(old, 'quote: "Kyiv rejects any loss of land.\\nThe United States"'))
    assert "[^territory-2]: “Kyiv rejects any loss of land.\n    The United States” — Talks in Berlin" in briefing(
        runner, small_store
    )


# -- escaping ---------------------------------------------------------------------------------


@pytest.fixture
def store(small_store: Path) -> Store:
    return load_store(small_store)


def hostile_briefing(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, store: Store, *, texts: dict[str, str] | None = None,
    quotes: dict[str, str] | None = None, names: dict[str, str] | None = None, topics: dict[str, str] | None = None,
    title: str | None = None, stance: str | None = None, source: dict[str, str] | None = None,
) -> str:
    """The briefing of the small store with claims' ``texts``, their first ``quotes``, actors'
    ``names``, ``topics``' names, every sticking point's ``title`` and ``stance`` and the
    ``source``'s fields replaced past the loader, as if the store said anything at all."""
    claims = {claim.id: claim for claim in store.claims}
    for claim_id, text in (texts or {}).items():
        claims[claim_id] = claims[claim_id]._replace(text=text)
    for claim_id, quote in (quotes or {}).items():
        claims[claim_id] = claims[claim_id]._replace(citations=(claims[claim_id].citations[0]._replace(quote=quote),))
    hostile = Store(
        path=store.path,
        sources=tuple(s._replace(**(source or {})) for s in store.sources),
        actors=tuple(a._replace(name=(names or {}).get(a.id, a.name)) for a in store.actors),
        topics=tuple(t._replace(name=(topics or {}).get(t.id, t.name)) for t in store.topics),
        claims=tuple(claims.values()),
        sticking_points=tuple(
            p._replace(title=title or p.title, positions=tuple(q._replace(stance=stance or q.stance) for q in p.positions))
            for p in store.sticking_points
        ),
    )
    monkeypatch.setattr(cache, "load", lambda stored, reuse=True: (hostile, lambda: QueryIndex(hostile)))
    return briefing(runner)


def claim_item(text: str) -> str:
    """The Russian claim's line in its topic's section, ``text`` as the briefing writes it."""
    return f"- **Russia**, demand: {text}[^territory-1] `russia-demands-territory`\n"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("See <img src=x onerror=alert(1)> & <!-- c -->", r"See \<img src=x onerror=alert(1)\> \& \<!-- c --\>"),
        ("Before\n```\nafter ~~~", "Before\n  \\`\\`\\`\n  after \\~\\~\\~"),
        ("*em* _u_ [a](http://x) ![i](x) &amp; a|b ~~s~~ back\\slash <http://x>",
         r"\*em\* \_u\_ \[a\](http://x) !\[i\](x) \&amp; a\|b \~\~s\~\~ back\\slash \<http://x\>"),
        ("# h\n> q\n- i\n+ i\n* i\n1. i\n2) i\n===\n---\n    code\n\tcode\nend #",
         "\\# h\n  \\> q\n  \\- i\n  \\+ i\n  \\* i\n  1\\. i\n  2\\) i\n  \\===\n  \\---\n  code\n  code\n  end \\#"),
        ("Land.\n\n[^territory-2]: http://evil.example", "Land.\n  \\[^territory-2\\]: http://evil.example"),
        ("trailing break  \nnext", "trailing break\n  next"),
    ],
    ids=["script", "img-onerror", "fence", "inline", "block-starts", "forged-footnote", "hard-break"],
)
def test_a_claims_text_is_escaped(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, store: Store,
                                  text: str, written: str) -> None:
    shown = hostile_briefing(runner, monkeypatch, store, texts={"russia-demands-territory": text})
    assert claim_item(written) in shown
    assert f"\n- demand: {written} `russia-demands-territory`\n" in shown  # and in the summary


def test_a_quote_from_the_article_is_escaped(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    shown = hostile_briefing(runner, monkeypatch, store,
                             quotes={"ukraine-rejects-land-loss": "<img src=x onerror=alert(1)>\n[^territory-1]: forged"})
    file = Path(store.sources[0].file)
    assert (
        "[^territory-2]: “\\<img src=x onerror=alert(1)\\>\n    \\[^territory-1\\]: forged” — Talks in Berlin, "
        f"`{file}`, paragraph 2, line 2.\n"
    ) in shown
    assert re.findall(r"^\[\^territory-1\]:", shown, re.MULTILINE) == ["[^territory-1]:"]  # the real one only


@pytest.mark.parametrize(
    ("name", "written"),
    [("ta`lks.txt", "``{folder}/ta`lks.txt``"), ("talks``", "``` {folder}/talks`` ```"), ("a b.txt", "`{folder}/a b.txt`")],
    ids=["backtick-inside", "backticks-at-the-end", "plain"],
)
def test_a_file_name_stays_one_code_span(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, store: Store,
                                         name: str, written: str) -> None:
    folder = Path(store.sources[0].file).parent
    shown = hostile_briefing(runner, monkeypatch, store, source={"file": str(folder / name)})
    written = written.format(folder=folder)
    assert f"1. **Talks in Berlin**: {written}, 3 claims\n" in shown
    assert f"[^territory-1]: “Moscow is demanding that Ukraine cede occupied territories.” — Talks in Berlin, {written}, " \
           "paragraph 2, line 2.\n" in shown


def test_names_titles_and_stances_are_escaped_in_headings_and_the_matrix(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    shown = hostile_briefing(
        runner, monkeypatch, store,
        names={"russia": "Russia <b>**x**</b>"}, topics={"territory": "Land #\n# forged | heading"},
        title="Territory | <i>x</i>\n---", stance="a | b\nc", source={"title": "Talks <script>x</script>\n==="},
    )
    assert "\n### Land \\# \\# forged \\| heading\n" in shown
    assert "| Sticking point | Russia \\<b\\>\\*\\*x\\*\\*\\</b\\> | Ukraine |\n" in shown
    assert "| Territory \\| \\<i\\>x\\</i\\> \\--- | demand: a \\| b c | rejection: a \\| b c |\n" in shown
    assert "\n#### Russia \\<b\\>\\*\\*x\\*\\*\\</b\\>\n" in shown
    assert "\n- **Russia \\<b\\>\\*\\*x\\*\\*\\</b\\>**, demand: Russia demands" in shown
    assert "\n1. **Talks \\<script\\>x\\</script\\> \\===**: `" in shown
    assert "” — Talks \\<script\\>x\\</script\\> \\===, `" in shown


# -- as a renderer shows it -------------------------------------------------------------------

#: What a hostile store may hold, all at once: HTML, a fence, a forged footnote definition and a
#: link reference definition, block starts, inline markup and a table cell's pipe.
HOSTILE_TEXT = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)>\n```\n[^territory-2]: forged\n\n"
    "[^territory-1]: http://evil.example\n# h\n> q\n- i\n1. i\n===\n*em* [a](b) &amp; a|b ~~s~~ `c` \\"
)


def rendered(markdown: str) -> tuple[list[object], dict[str, object]]:
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    env: dict[str, object] = {}
    return parser.parse(markdown, env), env


def shown_text(inline: object) -> str:
    """The text a reader sees of an inline token: text and code, a line break as a space."""
    parts = []
    for child in inline.children or []:  # type: ignore[attr-defined]
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def words(text: str) -> str:
    return " ".join(text.split())


def test_a_renderer_shows_what_the_store_says_and_nothing_it_does_not(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    folder = Path(store.sources[0].file).parent
    shown = hostile_briefing(
        runner, monkeypatch, store, texts={"russia-demands-territory": HOSTILE_TEXT},
        quotes={"ukraine-rejects-land-loss": HOSTILE_TEXT}, names={"russia": "Russia <b>x</b> | y"},
        stance="a | b <i>", source={"file": str(folder / "ta`lks.txt"), "title": "Talks <script>x</script>"},
    )
    tokens, env = rendered(shown)
    assert not [token for token in tokens if token.type == "html_block"]
    inlines = [token for token in tokens if token.type == "inline"]
    assert not [child for token in inlines for child in token.children or [] if child.type == "html_inline"]
    assert not [child for token in inlines for child in token.children or []
                if child.type in ("em_open", "s_open", "link_open", "image")]
    assert env.get("references", {}) == {}  # no link reference definition, forged or not
    # The blocks are the briefing's own: none is HTML, code, a quotation, a list or heading of the store's.
    blocks = [token.type for token in tokens if token.type.endswith("_open") or token.type in ("fence", "code_block")]
    assert not {"html_block", "fence", "code_block", "blockquote_open", "hr"} & set(blocks)
    assert (blocks.count("heading_open"), blocks.count("bullet_list_open"), blocks.count("ordered_list_open")) == (9, 3, 1)
    texts = [words(shown_text(token)) for token in inlines]
    assert f"Russia <b>x</b> | y, demand: {words(HOSTILE_TEXT)}[^territory-1] russia-demands-territory" in texts
    assert f"demand: {words(HOSTILE_TEXT)} russia-demands-territory" in texts
    assert (f"[^territory-2]: “{words(HOSTILE_TEXT)}” — Talks <script>x</script>, {folder}/ta`lks.txt, "
            "paragraph 2, line 2.") in texts
    assert f"Talks <script>x</script>: {folder}/ta`lks.txt, 3 claims" in texts
    # The table keeps its columns; a pipe in a cell is the cell's.
    at = texts.index("Sticking point")
    assert texts[at : at + 6] == ["Sticking point", "Russia <b>x</b> | y", "Ukraine", "Territory", "demand: a | b <i>",
                                  "rejection: a | b <i>"]
    # The only footnote definitions are the briefing's own, each once, at a line's start.
    assert re.findall(r"^\[\^([a-z0-9-]+)\]:", shown, re.MULTILINE) == ["territory-1", "territory-2",
                                                                          "security-guarantees-1"]


def test_the_readmes_example_is_the_briefings_real_output(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, repository_store: Path
) -> None:
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("`export --format markdown` is a briefing") : readme.index("## Exit codes")]
    block = re.search(r"```console\n(.*?)```", section, re.S)
    assert block is not None
    # The README shows the installed package's articles, as its other examples do.
    shown = block.group(1).replace("…/site-packages/berlintalks/bundled/", "").splitlines()
    commands = [number for number, line in enumerate(shown) if line.startswith("$ ")]
    outputs = [shown[start + 1 : end] for start, end in zip(commands, [*commands[1:], len(shown)], strict=True)]
    real = briefing(runner).splitlines()
    assert shown[0] == "$ berlintalks export --format markdown | head -7" and outputs[0] == real[:7]
    for lines in outputs[1:]:  # what grep finds: lines of the briefing, in its order
        assert lines and [line for line in real if line in lines] == lines
