from hypothesis import given
from hypothesis import strategies as st

from haven.lib.codes import CODE_ALPHABET, CODE_LENGTH, format_code, hash_code, new_code, parse_code

codes = st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH)


def test_the_alphabet_has_no_look_alikes():
    for confusable in "0O1IL":
        assert confusable not in CODE_ALPHABET
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) == 31


def test_new_codes_use_only_the_alphabet():
    for _ in range(200):
        code = new_code()
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)


@given(codes)
def test_a_formatted_code_parses_back(code):
    shown = format_code(code)
    assert shown[4] == "-"
    assert parse_code(shown) == code


@given(codes, st.booleans(), st.booleans(), st.sampled_from(["", " ", "  "]))
def test_codes_parse_with_or_without_dash_in_any_case(code, dash, lower, pad):
    text = format_code(code) if dash else code
    text = text.lower() if lower else text
    assert parse_code(f"{pad}{text}{pad}") == code


def test_cyrillic_look_alike_letters_are_read_as_latin():
    assert parse_code("К7РХ-93НМ") == "K7PX93HM"


@given(st.text(max_size=30))
def test_parse_code_never_raises_and_returns_only_valid_codes(text):
    parsed = parse_code(text)
    assert parsed is None or (len(parsed) == CODE_LENGTH and set(parsed) <= set(CODE_ALPHABET))


def test_codes_with_look_alikes_or_wrong_length_are_refused():
    for text in ["K7RX-93H", "K7RX-93HM2", "O7RX-93HM", "I7RX-93HM", "L7RX-93HM", "17RX-93HM", "", "--------"]:
        assert parse_code(text) is None


def test_the_hash_depends_on_the_key():
    assert hash_code("K7RX93HM", "a") != hash_code("K7RX93HM", "b")
    assert hash_code("K7RX93HM", "a") == hash_code("K7RX93HM", "a")
    assert "K7RX93HM" not in hash_code("K7RX93HM", "a")
