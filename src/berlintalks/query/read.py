"""Reading a question: its parties, topics, intent and words, corrected and read for meaning."""

from __future__ import annotations

import re
from itertools import islice
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .. import english, lexicon, neighbours
from ..model import ActorKind
from ..text import stem, token_spans, tokens
from .records import ActorMatch, Correction, Interpretation, TopicMatch
from .tables import COPULAS, MIN_CORRECTED_LENGTH, is_pronoun_us

if TYPE_CHECKING:
    from .tables import IndexTables


#: Words this long may hold two slips, shorter ones one.
LONG_WORD = 7


#: How much likelier a word is to be typed as meant than with one slip (a letter wrong, missing,
#: extra, or two swapped), and than with two: the noisy channel's cost of slips.
EDIT_ODDS = {1: 1_000.0, 2: 10_000.0}


#: How much less likely a slip is in the first letter than elsewhere: people seldom mistype how a
#: word begins, so "orban" is a name, not "urban", and "ceeding" is "ceding", not "meeting".
FIRST_LETTER_ODDS = 100.0


#: The store's words are what questions are about: each counts as this many times as common.
STORE_PRIOR = 1000.0


#: The least count a word is given: the store's names ("witkoff") are not in the dictionary.
FREQUENCY_FLOOR = 100_000


#: A dictionary word at least this common is taken as typed: "keen" is not a slip for "been".
KEPT_WORD_COUNT = 1_000_000


#: The count a word the dictionary lacks stands against: the odds it is a name typed as meant.
UNKNOWN_WORD_COUNT = 1_000


#: How near in meaning a chat spelling must be to the function word it shortens ("wat" is 0.62
#: from "what", "bout" 0.68 from "about"; "dat" is nearest to "dato").
MIN_SHORTENED = 0.6


#: How near in meaning (the similarity the neighbours table gives) a claims' word must be to stand
#: for a question's word that no claim holds.
MIN_MEANING = 0.7


#: Words this short that are not English and not a misspelling of the store's are chat noise.
MAX_NOISE_LENGTH = 3


#: Words of a question read at most.
MAX_QUESTION_WORDS = 200


def interpret(index: IndexTables, question: str) -> Interpretation:
    # A question is read up to a length no real question reaches, so that pasted text
    # costs no more than a long question.
    raw = _plain_words(index, tokens(question)[:MAX_QUESTION_WORDS])
    corrections = []
    meanings: list[Correction] = []
    words = []
    as_typed = []  # each of the words as it was typed, to show what was read
    unknown = []
    for position, word in enumerate(raw):
        known = _is_known(index, word)
        best = None if known else _correction(index, word) or _written_out(word)
        near = None if best or not _needs_meaning(index, word) else _nearest_in_meaning(index, word)
        if best:
            corrections.append(Correction(word, best[0], round(best[1] / 100, 2)))
            read = best[0]
        elif near:
            meanings.append(Correction(word, near[0], round(near[1], 2)))
            read = near[0]
        elif known:
            read = word
        elif (
            len(word) > MAX_NOISE_LENGTH
            or english.is_word(word)
            or word in index.world_names
            or raw[position - 1 : position] == ["the"]  # "the UN": a name, as noise never follows "the"
        ):
            unknown.append(word)
            read = word
        else:
            continue  # a short non-word ("frm", "lol", "pls"): chat noise, not what the question is about
        words.append(read)
        as_typed.append(word)

    taken = [False] * len(words)
    actors: list[ActorMatch] = []
    topics: list[TopicMatch] = []
    unknown_names: list[str] = []
    corrected = {c.corrected: c for c in corrections}
    stems = [stem(word) for word in words]
    start = 0
    while start < len(words):
        matched = 0
        # A topic phrase that starts with an actor's name ("EU membership") is the topic.
        topic_length = _topic_length(index, stems, start)
        for length in range(min(index.longest_alias, len(words) - start), topic_length, -1):
            key = tuple(words[start : start + length])
            actor = index.alias_actor.get(key)
            if actor and not is_pronoun_us(words, start, length):
                typed = " ".join(as_typed[start : start + length])
                score = min((corrected[w].score for w in key if w in corrected), default=1.0)
                if actor not in {match.actor for match in actors}:
                    joined = start >= 2 and words[start - 1] in ("and", "or", "nor") and taken[start - 2]
                    actors.append(
                        ActorMatch(actor, typed, score, " ".join(key), _is_object(words, start), joined)
                    )
                matched = length
                break
            if length == 1 and key[0] in index.world_names:
                unknown_names.append(as_typed[start])
                matched = length
                break
        if not matched and not topic_length and words[start] not in index.vocabulary:
            fuzzy = _fuzzy_actor(index, words[start])
            if fuzzy and fuzzy.actor not in {match.actor for match in actors}:
                actors.append(
                    ActorMatch(fuzzy.actor, as_typed[start], fuzzy.score, fuzzy.alias, _is_object(words, start))
                )
                matched = 1
        for offset in range(matched):
            taken[start + offset] = True
        start += max(matched, 1)

    # "The Kremlin's foreign minister": a role named beside a party is the person who holds it,
    # when the store knows the role as one of that party's people's names.
    for position, word in enumerate(words):
        if word in lexicon.TITLES and not taken[position]:
            held = _role_holder(index, words, taken, position, actors)
            if held:
                person, start, alias = held
                actors.append(ActorMatch(person, " ".join(as_typed[start : position + 1]), 1.0, alias))
                taken[start : position + 1] = [True] * (position + 1 - start)

    # A word that is neither English nor a misspelling of one the store holds is a name:
    # someone or something the articles never mention. So is a rarer word the store lacks that
    # is written as a name, with a capital inside a sentence ("Did Donald Tusk attend?").
    written_as_names = _written_as_names(question)
    unknown_names += [
        as_typed[position]
        for position, word in enumerate(words)
        if not taken[position]
        and word in unknown
        and not word.isdigit()
        and (not english.is_word(word) or word in written_as_names and not english.is_common(word))
    ]
    if not any(index.actor_by_id[match.actor].kind is ActorKind.PERSON for match in actors):
        unknown_names += [
            _title_phrase(as_typed, position)
            for position, word in enumerate(words)
            if word in lexicon.TITLES
            and not taken[position]
            and (position + 1 == len(words) or words[position + 1] not in lexicon.TITLES)
        ]
    for start in range(len(words)):
        length = _topic_length(index, stems, start)
        key = tuple(stems[start : start + length])
        topic = index.alias_topic.get(key)
        if topic and topic not in {match.topic for match in topics} and not all(taken[start : start + length]):
            topics.append(TopicMatch(topic, " ".join(as_typed[start : start + length])))

    intent, intent_words = _intent(words)
    meaningful = [w for w, is_taken in zip(words, taken, strict=True) if not is_taken and w not in lexicon.STOPWORDS]
    if intent == "definition" and (not actors or meaningful):
        intent, intent_words = None, ""  # "what is the significance of ...": not "what is X"
    meaningful = tuple(
        word
        for word, is_taken in zip(words, taken, strict=False)
        if not is_taken and word not in lexicon.STOPWORDS and word not in lexicon.GENERIC
    )
    # "talks after Berlin": a word after a preposition of time sets when, not what is asked about.
    setting = tuple(
        word for before, word in zip(words, words[1:], strict=False) if before in _TIME_PREPOSITIONS and word in meaningful
    )
    return Interpretation(
        actors=tuple(actors),
        intent=intent,
        intent_words=intent_words,
        topics=tuple(topics),
        corrections=tuple(corrections),
        meanings=tuple(meanings),
        words=meaningful,
        setting=setting,
        unknown_words=tuple(word for word in unknown if word not in _names(unknown_names)),
        unknown_names=tuple(unknown_names),
    )


def _is_known(index: IndexTables, word: str) -> bool:
    return (
        word in index.vocabulary
        or word in lexicon.STOPWORDS
        or word in lexicon.GENERIC
        or stem(word) in CUE_STEMS
        or word.isdigit()
        or stem(word) in index.known_stems
    )


def _correction(index: IndexTables, word: str) -> tuple[str, float] | None:
    """The word a slip of the keyboard most likely made ``word`` of, if it is likelier than the
    word as typed: a noisy channel weighing how common each word is (symspellpy's English
    frequencies, the store's own words counting more) against how many slips it takes."""
    typed = english.count(word)
    if len(word) < MIN_CORRECTED_LENGTH or not word.isalpha() or typed >= KEPT_WORD_COUNT:
        return None
    edits = 1 if len(word) < LONG_WORD else 2
    # A word the dictionary lacks may be a name, or a rare word typed as meant.
    best, best_odds = None, float(max(typed, UNKNOWN_WORD_COUNT))
    for words, prior in ((index.spellable, STORE_PRIOR), (english.common_words(), 1.0)):
        for candidate, distance, _ in process.extract(word, words, scorer=OSA.distance, score_cutoff=edits, limit=None):
            odds = prior * max(english.count(candidate), FREQUENCY_FLOOR) / EDIT_ODDS[distance]
            if candidate[0] != word[0] and candidate[:2] != word[1::-1]:  # a swap of the first two is a slip like any
                odds /= FIRST_LETTER_ODDS
            if odds > best_odds:
                best, best_odds = candidate, odds
    return (best, fuzz.ratio(word, best)) if best else None


def _written_out(word: str) -> tuple[str, float] | None:
    """The function word a chat spelling shortens ("wat" for "what", "bout" for "about"), which
    the contractions package does not list: the word nearest to it in meaning, when that is a
    stop word that holds all its letters in order."""
    rank = neighbours.rank(word)
    if rank is None:
        return None
    nearest, similarity = neighbours.neighbours(rank)[0]
    full = neighbours.word(nearest)
    letters = iter(full)
    if similarity >= MIN_SHORTENED and full in lexicon.STOPWORDS and all(letter in letters for letter in word):
        return full, fuzz.ratio(word, full)
    return None


def _needs_meaning(index: IndexTables, word: str) -> bool:
    """A word of the question that no claim holds and that names no party, topic or intent:
    a claims' word close in meaning may stand for it."""
    return not (
        word in lexicon.STOPWORDS
        or word in lexicon.GENERIC
        or stem(word) in CUE_STEMS
        or word.isdigit()
        or word in index.world_names  # a name has no synonyms
        or stem(word) in index.by_concept
        or word in index.names.first_words
        or (stem(word),) in index.alias_topic
    )


def _nearest_in_meaning(index: IndexTables, word: str) -> tuple[str, float] | None:
    """The claims' word closest in meaning to ``word``, when close enough to stand for it."""
    near = index.near(word)
    return near[0] if near and near[0][1] >= MIN_MEANING else None


def _fuzzy_actor(index: IndexTables, word: str) -> ActorMatch | None:
    """A one-word alias the word is a misspelling or inflection of ("kremlins", "witcoff")."""
    fuzzy = index.names.fuzzy_actor(word)
    return ActorMatch(fuzzy[0], word, fuzzy[2], fuzzy[1]) if fuzzy else None


def _topic_length(index: IndexTables, stems: list[str], start: int) -> int:
    """How many words from ``start`` name a topic: the longest alias that fits, or 0."""
    for length in range(min(index.longest_alias, len(stems) - start), 0, -1):
        if tuple(stems[start : start + length]) in index.alias_topic:
            return length
    return 0


#: Where a question in several parts divides: at "?" or ";", and at "and" before a question word.
_PART_BREAK = re.compile(
    r"\s*[?;]\s*|,?\s+and\s+(?=(?:what|who|whom|whose|why|how|when|where|which|does|do|did|is|are|was|were|will|"
    r"would|could|can|should|has|have)\b)",
    re.IGNORECASE,
)


#: Words by which a part of a question speaks of what the part before named.
_REFERS_BACK = frozenset("he she it they him her them his its their this that these those".split())


def refers_back(reading: Interpretation, text: str) -> bool:
    """A later part of a question is about what the part before named: it names neither a party
    nor a topic, or speaks of "it", "they", "that"."""
    return not (reading.actors or reading.topics) or bool(_REFERS_BACK.intersection(tokens(text)))


def with_context(text: str, before: Interpretation) -> str:
    """A later part of a question with the parties and topics the part before named."""
    return " ".join([text, *(match.words for match in (*before.actors, *before.topics))])


def split_parts(question: str) -> list[str]:
    """The parts of a question, each of two words or more; the whole question when it has one."""
    parts = [part.strip(" ,") for part in _PART_BREAK.split(question)]
    parts = [part for part in parts if len(part.split()) >= 2]
    return parts if len(parts) > 1 else [question]


def highlight_spans(text: str, highlight: frozenset[str]) -> list[tuple[int, int]]:
    """Offsets of the words in ``text`` whose concept is highlighted."""
    return [
        (start, end)
        for start, end, word in token_spans(text)
        if word not in lexicon.STOPWORDS and stem(word) in highlight
    ]


def _names(names: list[str]) -> set[str]:
    return {word for name in names for word in tokens(name)}


def _role_holder(
    index: IndexTables, words: list[str], taken: list[bool], position: int, actors: list[ActorMatch]
) -> tuple[str, int, str] | None:
    """The one person of a party the question names whose name in the store ends with the role
    ending at ``position`` ("foreign minister" for "Russian Foreign Minister"), with where the
    role starts and the name; None when there is no such person, or more than one."""
    parties = {match.actor for match in actors}
    start = position
    while start > 0 and not taken[start - 1] and words[start - 1] not in lexicon.STOPWORDS:
        start -= 1
    role = tuple(words[start : position + 1])
    holders = {
        (actor, " ".join(key))
        for key, actor in index.alias_actor.items()
        if key[-len(role) :] == role
        and index.actor_by_id[actor].kind is ActorKind.PERSON
        and parties & set(index.ancestors[actor])
    }
    if len({actor for actor, _ in holders}) != 1:
        return None
    actor, alias = min(holders)
    return actor, start, alias


def _title_phrase(words: list[str], position: int) -> str:
    """The title with the words that qualify it: "ukraine defence minister"."""
    start = position
    while start > 0 and words[start - 1] not in lexicon.STOPWORDS:
        start -= 1
    return " ".join(words[start : position + 1])


def _written_as_names(question: str) -> frozenset[str]:
    """The words written with a capital inside a sentence, folded; none when most words have one
    (a question in capitals or title case says nothing by them). Only the words a question is
    read up to are looked at, each once with what stands between it and the word before."""
    spans = list(islice(token_spans(question), MAX_QUESTION_WORDS))
    capitalised = []
    before = None  # where the word before ends; None at the start, where a sentence opens
    for start, end, word in spans:
        between = question[before:start].strip() if before is not None else ""
        opens_sentence = before is None or between[-1:] in (".", "?", "!", ":", '"', "“")
        if question[start].isupper() and not opens_sentence:
            capitalised.append(word)
        before = end
    return frozenset(capitalised) if 2 * len(capitalised) < len(spans) else frozenset()


def _plain_words(index: IndexTables, words: list[str]) -> list[str]:
    """The words with chat spellings and contractions written out ("ppl", "wanna", "dont")."""
    forms = index.chat_forms
    return [plain for word in words for plain in forms.get(word, (word,))]


def asks_who_did(words: list[str]) -> bool:
    """A question about who did something ("who rejected ...", "who is pushing ..."), not who someone is."""
    if words[:1] != ["who"]:
        return False
    return words[1:2] not in (["is"], ["are"], ["was"], ["were"]) or words[2:3] != [] and words[2].endswith("ing")


def _is_object(words: list[str], start: int) -> bool:
    """The party named at ``start`` is not the question's subject: it follows a preposition
    ("sanctions against Russia"), or the question asks who did something to it."""
    if asks_who_did(words):
        return True
    previous = [word for word in words[:start] if word not in _DETERMINERS]
    return bool(previous) and previous[-1] in _OBJECT_PREPOSITIONS


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})


_OBJECT_PREPOSITIONS = frozenset(
    "against on to for from with toward towards over at into about upon onto under".split()
)


_TIME_PREPOSITIONS = frozenset("after before since until till following beyond during".split())


_OPENERS = {
    "why": "reason",
    "when": "time",
    "where": "place",
    "could": "consequence",
    "would": "consequence",
    "might": "consequence",
    "if": "consequence",
}


def _cue_form(word: str) -> str:
    """The form in which a word is matched against the cues: its stem, but a stop word as itself,
    so that "will" is not "willing" nor "can" "cans"."""
    return f"={word}" if word in lexicon.STOPWORDS else stem(word)


#: Each intent's cues as sequences of cue forms: "demanding" is a cue as much as "demand".
_CUES = {
    intent: tuple(tuple(map(_cue_form, cue.split())) for cue in cues) for intent, cues in lexicon.INTENT_CUES.items()
}
#: The stems of the cues' words that are not stop words.
CUE_STEMS = frozenset(form for cues in _CUES.values() for cue in cues for form in cue if not form.startswith("="))


_PRIORITY = (
    "number", "date", "time", "future", "reason", "risk", "consequence", "strategy", "rejection", "acceptance", "concession", "demand", "offer",
    "commitment", "goal", "role", "definition", "event", "position",
)


#: How far after "who" the verb that says what was done may come: "who has rejected", "who is pushing".
WHO_PREDICATE_REACH = 2


def _content_words(stems: list[str], start: int, length: int) -> int:
    return sum(not form.startswith("=") for form in stems[start : start + length])


def _intent(words: list[str]) -> tuple[str | None, str]:
    """What the question asks, and the words that said so.

    A question word ("who", "why", "when") decides; then a number or time constraint;
    otherwise the first cue in the question wins, the longest where several start together
    ("back down" over "back"), as the verb nearest the subject says what is asked; a cue that
    overlaps it with more words that are not stop words wins over it.
    """
    found: dict[str, tuple[int, int, str]] = {}
    stems = [_cue_form(word) for word in words]
    for intent, cues in _CUES.items():
        for cue in cues:
            for start in range(len(stems) - len(cue) + 1):
                if tuple(stems[start : start + len(cue)]) == cue:
                    best = found.get(intent)
                    if best is None or (start, -len(cue)) < (best[0], -best[1]):
                        found[intent] = (start, len(cue), " ".join(words[start : start + len(cue)]))
                    break
    if words and words[0] in _OPENERS:
        opener = _OPENERS[words[0]]
        if opener == "place" and "position" in found:
            return "position", found["position"][2]  # "where does Europe stand on ...": a stance, not a place
        return opener, found[opener][2] if opener in found else words[0]
    if asks_who_did(words):
        # "who called the proposals ...": what was done is said by the verb after "who" (and
        # an auxiliary), not by the words of its object.
        found = {name: cue for name, cue in found.items() if cue[0] <= WHO_PREDICATE_REACH}
        if not found:
            return None, ""  # "who welcomed ...": any claim whose holder did it
    for constraint in ("number", "date", "time"):
        if constraint in found:
            return constraint, found[constraint][2]
    if found:
        order = {name: (found[name][0], -found[name][1], _PRIORITY.index(name)) for name in found}
        first = min(found, key=order.__getitem__)
        # Of cues that overlap the first, the one with more words that are not stop words says
        # more: "what happens next" asks about the future, not what happened.
        overlapping = [name for name in found if found[name][0] < found[first][0] + found[first][1]]
        intent = min(overlapping, key=lambda name: (-_content_words(stems, *found[name][:2]), order[name]))
        return intent, found[intent][2]
    if len(words) > 2 and words[0] in ("what", "who") and words[1] in COPULAS and not asks_who_did(words):
        return "definition", " ".join(words[:2])
    return None, ""
