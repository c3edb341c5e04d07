"""Screening a rental ad for words that exclude people by ethnicity, nationality,
religion or origin, in either direction ("только славянам", "русским не сдаём",
"only for locals"). Pure Python and pymorphy3: no Django, so that ``haven screen-ad``
and the listing form use the same code.

How it reads a line:

1. It cleans the text character by character, keeping where each character was, so
   that a flagged phrase is quoted as written: zero-width characters go, letters are
   lower-cased, ё is е, Latin look-alikes and digits inside a Cyrillic word become the
   Cyrillic letters they imitate ("слaвянам", "3a").
2. It cuts words, joining letters split by hyphens, dots or asterisks ("сла-вя-нам")
   and runs of single letters split by spaces ("с л а в я н а м"); "слааавянам" is
   tried with its repeated letters as one.
3. It finds mentions of groups of people: Russian words by their lemma (pymorphy3, so
   every inflection), Kazakh words by their stem, English words singular; "из России",
   "from Russia" by the place. An adjective before a thing is a thing ("русская школа",
   "Kazakh cuisine", "орыс тілі"), and "мы русская семья" describes the landlord.
4. A mention is flagged when a word that excludes or singles out (только, без, не, для,
   сдам, only, no, for, тек, ғана, ...) stands within a few words of it in the same
   sentence, unless that stretch says everyone is welcome ("любой национальности",
   "regardless", "ұлтына қарамай").

Latin text is read as English and, transliterated, as Russian ("tolko slavyanam").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from haven.rentals import lexicon as lx

ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
LATIN_LOOKALIKES = str.maketrans(
    {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "k": "к", "m": "м", "t": "т",
     "h": "н", "b": "в", "3": "з", "0": "о", "6": "б", "u": "и", "r": "г", "n": "п"}
)  # fmt: skip
KK_LETTERS = set("әғқңөұүһі")
WORD = re.compile(r"\w+(?:[-.·*'’]\w+)*")
JOINERS = re.compile(r"[-.·*'’_]")
SENTENCE_END = re.compile(r"[.!?;\n]+(?=\s|$)")
BEFORE, AFTER = 4, 5  # how far from a mention a marker may stand, in words
SKIPPED_BEFORE_SELF = {"a", "an", "are", "am", "is", "—", "-", "–", "это", "тоже"}

TRANSLIT = [
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("tz", "ц"),
    ("yu", "ю"), ("ju", "ю"), ("ya", "я"), ("ja", "я"), ("yo", "е"), ("jo", "е"), ("ye", "е"), ("iy", "ий"),
    ("yy", "ый"), ("'", "ь"), ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
    ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"), ("x", "кс"), ("q", "к"),
    ("y", "ы"),
]  # fmt: skip
WHY = "excludes people by {grounds}"
KK_REFUSING = ("қабылдамай", "бермей", "берілмей", "болмасын", "хабарласпа", "мазалама", "шалмасын")
RENTING = {"сдавать", "сдать", "сдаваться", "сдам", "сдаю", "сдаём", "сдаем", "rent", "жалға", "береміз", "беріледі"}


@dataclass
class Verdict:
    flagged: bool
    terms: list[str] = field(default_factory=list)
    grounds: list[str] = field(default_factory=list)  # ethnicity, nationality, religion, origin

    @property
    def why(self) -> str:
        return WHY.format(grounds=" and ".join(self.grounds)) if self.flagged else ""

    def as_json(self) -> dict[str, Any]:
        return {"flagged": self.flagged, "terms": self.terms, "why": self.why}


@dataclass
class Token:
    text: str  # cleaned: lower-case, joined
    start: int  # in the original line
    end: int
    sentence: int
    lemmas: frozenset[str] = frozenset()
    group: str = ""  # the ground, when the word names a group of people
    adjective: bool = False
    thing: bool = False  # a noun for a thing (a head that makes a group adjective a thing)
    person: bool = False  # a word for people that a group word may go with: семья, лиц, family
    comma_before: bool = False
    parts: tuple[str, ...] = ()  # the pieces of a hyphenated word: "девушке-славянке"
    reach_back: int = 0  # words before it that are of its phrase: "people from Central | Asia"


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def _parse(word: str) -> tuple[frozenset[str], bool, bool, str]:
    """(lemmas, is an adjective, is a thing, lemma of the first parse) of a Russian word."""
    try:
        parses = _morph().parse(word)
    except (KeyError, ValueError):  # pymorphy3 cannot name some scripts' letters (found by hypothesis)
        return frozenset({word}), False, False, word
    lemmas = frozenset(p.normal_form for p in parses)
    first = parses[0]
    adjective = first.tag.POS in {"ADJF", "ADJS", "PRTF"}
    thing = first.tag.POS == "NOUN" and "inan" in first.tag and first.normal_form not in lx.RU_PERSON_HEADS
    return lemmas, adjective, thing, first.normal_form


def _clean(line: str) -> tuple[str, list[int]]:
    """Lower-case text without zero-width characters, and each character's place in ``line``."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(line):
        if ch in ZERO_WIDTH:
            continue
        low = ch.lower()[:1] or ch
        chars.append("е" if low == "ё" else low)
        where.append(i)
    return "".join(chars), where


def _script(word: str) -> tuple[bool, bool]:
    cyrillic = any("а" <= ch <= "я" or ch in KK_LETTERS or ch == "ё" for ch in word)
    latin = any("a" <= ch <= "z" for ch in word)
    return cyrillic, latin


def _tokens(line: str) -> list[Token]:
    text, where = _clean(line)
    sentence_starts = [m.end() for m in SENTENCE_END.finditer(text)]
    tokens: list[Token] = []
    for m in WORD.finditer(text):
        word = JOINERS.sub("", m.group())
        cyrillic, latin = _script(word)
        if cyrillic and (latin or any(ch.isdigit() for ch in word)):
            word = word.translate(LATIN_LOOKALIKES)
        pieces = [p for p in re.split(r"[-’']", m.group()) if len(p) > 2]
        if cyrillic:
            pieces = [p.translate(LATIN_LOOKALIKES) for p in pieces]
        sentence = sum(1 for s in sentence_starts if s <= m.start())
        token = Token(word, where[m.start()], where[m.end() - 1] + 1, sentence)
        token.parts = tuple(pieces) if len(pieces) > 1 and not m.group().startswith("по-") else ()
        tokens.append(token)
    tokens = _join_spaced_letters(tokens, line)
    for before, token in itertools.pairwise(tokens):
        token.comma_before = "," in line[before.end : token.start]
    return tokens


def _join_spaced_letters(tokens: list[Token], line: str) -> list[Token]:
    """ "с л а в я н а м" is one word: runs of three or more one-letter words apart by spaces."""
    out: list[Token] = []
    run: list[Token] = []
    letters = [t for t in tokens if len(t.text) == 1 and t.text.isalpha()]
    # Two letters make a word only where the trick is in use: "N o  R u s s i a n s".
    shortest = 2 if len(letters) >= 6 else 3

    def flush() -> None:
        if len(run) >= shortest:
            out.append(Token("".join(t.text for t in run), run[0].start, run[-1].end, run[0].sentence))
        else:
            out.extend(run)
        run.clear()

    for token in tokens:
        if len(token.text) == 1 and token.text.isalpha():
            gap = line[run[-1].end : token.start] if run else ""
            if run and (gap.strip() or len(gap) > 1 or token.sentence != run[-1].sentence):
                flush()
            run.append(token)
        else:
            flush()
            out.append(token)
    flush()
    return out


def _squeezed(word: str) -> list[str]:
    """The word, then with letters repeated three or more times as one, then any repeat as one."""
    forms = [word, re.sub(r"(\w)\1{2,}", r"\1", word), re.sub(r"(\w)\1+", r"\1", word)]
    return list(dict.fromkeys(forms))


def _read_ru(tokens: list[Token]) -> None:
    for token in tokens:
        for form in [*_squeezed(token.text), *token.parts]:
            lemmas, adjective, thing, _first = _parse(form)
            ground = next((lx.RU_GROUPS[lemma] for lemma in lemmas if lemma in lx.RU_GROUPS), "")
            negated = next((lemma[2:] for lemma in lemmas if lemma.startswith("не") and lemma[2:] in lx.RU_GROUPS), "")
            ground = ground or (lx.RU_GROUPS[negated] if negated else "")  # "неславянской", "нерусским"
            if ground or form == token.text:
                token.lemmas, token.adjective, token.thing, token.group = lemmas | {form}, adjective, thing, ground
                token.person = bool(lemmas & lx.RU_PERSON_HEADS)
            if ground:
                break
    for i, token in enumerate(tokens):
        if not token.lemmas & lx.RU_PLACES or i == 0:
            continue
        j = i - 1 - (i >= 2 and tokens[i - 1].adjective)  # "с Северного Кавказа"
        if j >= 0 and (tokens[j].text in lx.RU_FROM or tokens[j].lemmas & lx.RU_OF_PLACE):
            token.group = lx.ORIGIN  # "из России", "жителям Кавказа"
            token.reach_back = i - j


def _kk_stem(word: str, stems: Any) -> str:
    return next((stem for stem in stems if word.startswith(stem)), "")


def _read_kk(tokens: list[Token]) -> None:
    for token in tokens:
        word = token.text
        token.lemmas = frozenset({word})
        stem = _kk_stem(word, lx.KK_GROUPS)
        # орысша, қазақша: "in Russian", "in Kazakh"; Азамат alone is a man's name.
        if stem and not word.endswith(("ша", "ше")) and not (stem == "азамат" and word == stem):
            token.group = lx.KK_GROUPS[stem]
            token.adjective = True  # Kazakh puts the group word before its head, like an adjective
        if not token.group and _kk_stem(word, lx.KK_PLACES) and any(ending in word for ending in lx.KK_FROM_ENDINGS):
            token.group = lx.ORIGIN  # "Ресейден": from Russia
        token.thing = bool(_kk_stem(word, lx.KK_THING_HEADS))
        token.person = bool(_kk_stem(word, lx.KK_PERSON_HEADS))
    russian = [t for t in tokens if not (t.group or t.thing or t.person or set(t.text) & KK_LETTERS)]
    _read_ru(russian)  # Russian words in a Kazakh ad


def _singular(word: str) -> tuple[str, bool]:
    word = word.removesuffix("'s").removesuffix("’s")
    if word in lx.EN_GROUPS:
        return word, False
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in lx.EN_GROUPS:
            return word[: -len(suffix)] + replacement, True
    return word, word.endswith("s")


def _read_en(tokens: list[Token]) -> None:
    for i, token in enumerate(tokens):
        word, plural = _singular(token.text)
        if word not in lx.EN_GROUPS:  # "Slavic-looking"
            word, plural = next(
                (w for w in (_singular(p) for p in token.parts) if w[0] in lx.EN_GROUPS), (word, plural)
            )
        token.lemmas = frozenset({token.text, word})
        token.thing = word in lx.EN_THING_HEADS
        token.person = token.text in lx.EN_PEOPLE
        if word not in lx.EN_GROUPS:
            continue
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if word in lx.EN_ONLY_AS_PEOPLE and not plural and following not in lx.EN_PEOPLE:
            continue
        token.group = lx.EN_GROUPS[word]
        token.adjective = not plural
    for i, token in enumerate(tokens):
        if token.text in lx.EN_PLACES:
            j = i - 1 - (i >= 2 and tokens[i - 1].text in lx.EN_BEFORE_PLACE)
            if j >= 0 and tokens[j].text in lx.EN_FROM:
                token.group = lx.ORIGIN  # "from (Central) Asia"
                token.reach_back = i - j + (j >= 1 and tokens[j - 1].person)


@dataclass(frozen=True)
class Reading:
    """How to read one language: its reader and its word lists."""

    read: Callable[[list[Token]], None]
    markers: frozenset[str]  # words that exclude or address a rent to someone
    strong: frozenset[str]  # those that exclude by themselves: only, no, without, except
    inclusive: frozenset[str]  # words that welcome everyone
    selves: frozenset[str]  # the landlord speaking of themself
    excepts: frozenset[str]  # "except": beats an inclusive word
    strong_prefixes: tuple[str, ...] = ()  # Kazakh verbs of refusal, by their start


LANGUAGES = {
    "ru": Reading(
        _read_ru, frozenset(lx.RU_MARKERS | lx.RU_EXCEPT | {"толко", "тока"}), frozenset(lx.RU_STRONG),
        frozenset(lx.RU_INCLUSIVE), frozenset(lx.RU_SELF), frozenset(lx.RU_EXCEPT),
    ),
    "kk": Reading(
        _read_kk, frozenset(lx.KK_MARKERS | lx.RU_MARKERS | lx.KK_EXCEPT | lx.RU_EXCEPT),
        frozenset(lx.KK_STRONG | lx.RU_STRONG), frozenset(lx.KK_INCLUSIVE | lx.RU_INCLUSIVE),
        frozenset(lx.KK_SELF | lx.RU_SELF), frozenset(lx.KK_EXCEPT | lx.RU_EXCEPT), KK_REFUSING,
    ),
    "en": Reading(
        _read_en, frozenset(lx.EN_MARKERS | lx.EN_EXCEPT), frozenset(lx.EN_STRONG), frozenset(lx.EN_INCLUSIVE),
        frozenset(lx.EN_SELF), frozenset(lx.EN_EXCEPT),
    ),
}  # fmt: skip
# A negation that is part of a welcome: "не важно", "без разницы", "no matter".
NEGATIONS = {"не", "нет", "ни", "без", "not", "no", "dont", "never", "емес"}
WELCOMING_AFTER_NEGATION = {
    "важно",
    "важна",
    "важен",
    "важны",
    "имеет",
    "имеют",
    "разницы",
    "разница",
    "matter",
    "маңызды",
}
WELCOMING_BEFORE_NEGATION = {"значения", "значение", "разницы", "matter", "маңызды"}


def _is_marker(token: Token, reading: Reading) -> bool:
    if token.lemmas & reading.markers or token.text in reading.markers:
        return True
    return bool(reading.strong_prefixes) and token.text.startswith(lx.KK_MARKER_PREFIXES)


def _welcome_idiom(tokens: list[Token], k: int) -> bool:
    """ "не важно", "без разницы", "значения не имеют", "no matter": a welcome, not a refusal."""
    if tokens[k].text not in NEGATIONS:
        return False
    after = any(t.text in WELCOMING_AFTER_NEGATION for t in tokens[k + 1 : k + 3])
    return after or (k > 0 and tokens[k - 1].text in WELCOMING_BEFORE_NEGATION)


def _is_strong(tokens: list[Token], k: int, reading: Reading) -> bool:
    token = tokens[k]
    strong = bool(token.lemmas & reading.strong) or token.text in reading.strong
    strong = strong or (bool(reading.strong_prefixes) and token.text.startswith(reading.strong_prefixes))
    return strong and not _welcome_idiom(tokens, k)


def _inclusive(tokens: list[Token], k: int, inclusive: frozenset[str]) -> bool:
    if k + 1 < len(tokens) and tokens[k].text == "все" and tokens[k + 1].text == "равно":
        return False  # "всё равно": anyway, not everyone
    if k > 0 and tokens[k - 1].text in NEGATIONS:
        return False  # "не рады", "not welcome": the opposite of a welcome
    return bool(tokens[k].lemmas & inclusive) or tokens[k].text in inclusive


def _mentions(tokens: list[Token], reading: Reading) -> list[tuple[int, int, str]]:
    """(first, last, ground) of each flagged stretch: a group mention, its nearest marker
    and the words around them that belong to the phrase ("лиц ... не беспокоить")."""
    found: list[tuple[int, int, str]] = []
    for i, token in enumerate(tokens):
        if not token.group:
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].sentence == token.sentence else None
        if token.adjective and following is not None and following.thing and not following.group:
            continue  # "русская школа": a thing
        j = i - 1
        while j >= 0 and i - j <= 3 and (tokens[j].text in SKIPPED_BEFORE_SELF or tokens[j].person):
            j -= 1  # "мы — семья мусульман", "we are a Kazakh family"
        if j >= 0 and tokens[j].text in reading.selves and tokens[j].sentence == token.sentence:
            continue  # "мы русская семья": the landlord about themself
        near = [
            k for k in range(max(0, i - BEFORE - token.reach_back), min(len(tokens), i + AFTER + 1))
            if k != i and tokens[k].sentence == token.sentence
        ]  # fmt: skip
        excepted = any(tokens[k].lemmas & reading.excepts or tokens[k].text in reading.excepts for k in near)
        # "Только славянам, остальным рады": an exclusion beside the group word stands.
        excluded = any(abs(k - i) <= 2 and _is_strong(tokens, k, reading) for k in near)
        if not (excepted or excluded) and any(_inclusive(tokens, k, reading.inclusive) for k in near):
            continue  # "любой национальности", "regardless of origin"; not "всем, кроме кавказцев"
        marked = [
            k for k in near if _is_marker(tokens[k], reading) and not tokens[k].group and not _welcome_idiom(tokens, k)
        ]
        if token.reach_back:  # a people named by a place ("из России"): only an exclusion flags it
            marked = [k for k in marked if _is_strong(tokens, k, reading)]
        if not marked:
            continue
        k = min(marked, key=lambda k: (abs(k - i), k > i))
        first, last = min(i, k), max(i, k)

        def belongs(n: int, after: int, sentence: int = token.sentence) -> bool:
            """Whether word n is of the phrase that ends or starts at its neighbour ``after``."""
            if not (0 <= n < len(tokens)) or tokens[n].sentence != sentence:
                return False
            if tokens[max(n, after)].comma_before:
                return False
            return tokens[n].group != "" or tokens[n].person or _is_marker(tokens[n], reading)

        for _ in range(3):
            last += belongs(last + 1, last)
            # Not back over "сдаю", "rent": "Сдаю только славянам" quotes "только славянам".
            first -= belongs(first - 1, first) and not tokens[first - 1].lemmas & RENTING
        if found and first <= found[-1][1]:  # one phrase, two group words: "кавказской национальности"
            first = min(first, found[-1][0])
            last = max(last, found.pop()[1])
        found.append((first, last, token.group))
    return found


def _language(line: str) -> str:
    if set(line.lower()) & KK_LETTERS:
        return "kk"
    cyrillic = sum(1 for ch in line.lower() if "а" <= ch <= "я" or ch == "ё")
    latin = sum(1 for ch in line.lower() if "a" <= ch <= "z")
    return "ru" if cyrillic >= latin else "en"


def _transliterated(line: str) -> str:
    out = line.lower()
    for latin, cyrillic in TRANSLIT:
        out = out.replace(latin, cyrillic)
    return out


def _screen_as(line: str, language: str, *, transliterate: bool = False) -> list[tuple[str, str]]:
    reading = LANGUAGES[language]
    tokens = _tokens(line)
    if transliterate:  # Russian in Latin letters: read each word in Cyrillic, quote it as written
        for token in tokens:
            token.text = _transliterated(token.text)
    reading.read(tokens)
    return [(line[tokens[a].start : tokens[b].end], ground) for a, b, ground in _mentions(tokens, reading)]


def screen(text: str, lang: str | None = None) -> Verdict:
    """Screen one ad (any length; ``lang`` ru, kk or en is a hint, else it is detected)."""
    language = lang if lang in LANGUAGES else _language(text)
    hits = _screen_as(text, language)
    cyrillic, latin = _script(text.lower())
    if latin and not cyrillic and lang != "en":
        hits += _screen_as(text, "ru", transliterate=True)
    if language == "ru" and lang is None and not hits:
        hits += _screen_as(text, "kk")  # Kazakh without its own letters: "Орыстар болмасын"
    terms = list(dict.fromkeys(term.strip() for term, _ in hits))
    order = [lx.ETHNICITY, lx.NATIONALITY, lx.RELIGION, lx.ORIGIN]
    grounds = sorted({ground for _, ground in hits}, key=order.index)
    return Verdict(bool(terms), terms, grounds)
