import logging

from haven.lib.logging import RedactPersonalData, redact


def test_codes_contacts_and_phones_are_redacted():
    text = "code K7RX-93HM and k7rx93hm mail a.b@example.org tg @alexei_k phone +7 701 123 45 67"
    cleaned = redact(text)
    for secret in ["K7RX-93HM", "k7rx93hm", "a.b@example.org", "@alexei_k", "701 123 45 67"]:
        assert secret not in cleaned


def test_ordinary_words_are_kept():
    assert redact("register household status=open password") == "register household status=open password"


def test_codes_of_letters_only_are_redacted_too():
    assert "KXRZ" not in redact("lookup KXRZ-MHTP and KXRZMHTP")


def test_tracebacks_are_redacted(capsys):
    import io

    from haven.lib.logging import RedactingFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter("%(message)s"))
    logger = logging.getLogger("haven.test.redact")
    logger.addHandler(handler)
    try:
        raise ValueError("Failing row contains (alexei@example.org, @alexei_k, K7RX-93HM)")
    except ValueError:
        logger.exception("database error")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "Traceback" in output
    for secret in ["alexei@example.org", "@alexei_k", "K7RX-93HM"]:
        assert secret not in output


def test_the_filter_rewrites_the_record():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "lookup %s by %s", ("K7RX-93HM", "a@b.kz"), None)
    RedactPersonalData().filter(record)
    assert "K7RX" not in record.getMessage()
    assert "a@b.kz" not in record.getMessage()


def test_timestamps_and_uuids_are_not_mistaken_for_phones_or_codes():
    line = "2026-11-25 20:25:15,911 INFO task 3bc48a82-d862-4a2b-9f3e-27e5c3d2a6b4 done"
    assert redact(line) == line


def test_a_bare_phone_number_is_redacted():
    assert "77011234567" not in redact("called 77011234567 twice")
