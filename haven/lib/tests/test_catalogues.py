"""The pure-Python catalogue compiler agrees with GNU gettext, as Python reads it."""

import gettext
import io

from haven.lib.catalogues import build_mo, parse_po

PO = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

#: somewhere.py:1
msgid "Hello"
msgstr "Привет"

msgid "a long "
"line"
msgstr "длинная "
"строка"

msgctxt "noun"
msgid "Stay"
msgstr "Проживание"

msgid "%(count)d night"
msgid_plural "%(count)d nights"
msgstr[0] "%(count)d ночь"
msgstr[1] "%(count)d ночи"
msgstr[2] "%(count)d ночей"

#, fuzzy
msgid "Unsure"
msgstr "Неуверенно"

msgid "Untranslated"
msgstr ""

msgid "Quote \"me\"\n"
msgstr "Цитата «я»\n"
"""


def translations() -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(build_mo(parse_po(PO))))


def test_plain_continued_and_escaped_messages_are_compiled():
    t = translations()
    assert t.gettext("Hello") == "Привет"
    assert t.gettext("a long line") == "длинная строка"
    assert t.gettext('Quote "me"\n') == "Цитата «я»\n"


def test_contexts_and_russian_plurals_are_compiled():
    t = translations()
    assert t.pgettext("noun", "Stay") == "Проживание"
    assert t.ngettext("%(count)d night", "%(count)d nights", 1) == "%(count)d ночь"
    assert t.ngettext("%(count)d night", "%(count)d nights", 3) == "%(count)d ночи"
    assert t.ngettext("%(count)d night", "%(count)d nights", 5) == "%(count)d ночей"


def test_fuzzy_and_untranslated_entries_are_left_out():
    t = translations()
    assert t.gettext("Unsure") == "Unsure"
    assert t.gettext("Untranslated") == "Untranslated"
