"""Decoding: late and wrong charset declarations, undeclared UTF-8, and UTF-8 saved twice."""

from __future__ import annotations

from importers.pipeline.read import decode_html, repair_double_encoding

PROSE = "<p>" + "Plain words about planting garlic in the autumn. " * 12 + "</p>"


def page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>Garlic</title></head><body>{body}</body></html>"
    )


def test_charset_declared_after_the_first_4_kb():
    """Browsers look at the first 1024 bytes; real heads are longer, the importer looks on."""
    padding = "<meta name='x' content='" + "y" * 5000 + "'>"
    html = page(f"<p>Crème fraîche</p>{PROSE}", head=padding + "<meta charset='windows-1252'>")
    assert "Crème fraîche" in decode_html(html.encode("cp1252"), "late.html")


def test_undeclared_utf8_with_few_non_ascii_characters():
    """A guesser reads a lone emoji as MacRoman ("‚ù§Ô∏è"); valid UTF-8 is UTF-8."""
    html = page(f"{PROSE}<p>Made with ❤️ in the garden</p>")
    assert "Made with ❤️ in" in decode_html(html.encode("utf-8"), "emoji.html")


def test_single_byte_declaration_on_utf8_bytes():
    """A stale <meta charset=iso-8859-1> on a page written in UTF-8."""
    html = page(f"<p>It’s a São Paulo variety</p>{PROSE}", head="<meta charset='iso-8859-1'>")
    text = decode_html(html.encode("utf-8"), "misdeclared.html")
    assert "It’s a São Paulo variety" in text


def test_real_latin1_page_stays_latin1():
    html = page(f"<p>Café and crème</p>{PROSE}", head="<meta charset='iso-8859-1'>")
    assert "Café and crème" in decode_html(html.encode("latin-1"), "latin1.html")


def test_double_encoded_utf8_is_repaired():
    """UTF-8 read as windows-1252 and saved again: what readers saw is restored."""
    shown = "The investor’s guide — café prices rose 5 % and “fees” too."
    garbled = "".join(  # "investorâ€™s", "cafÃ©"… (bytes windows-1252 leaves out as C1)
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in shown.encode("utf-8")
    )
    html = page(f"<p>{garbled}</p>{PROSE}", head="<meta charset='utf-8'>")
    assert shown in decode_html(html.encode("utf-8"), "double.html")


def test_latin1_double_encoding_with_c1_controls_is_repaired():
    shown = "It’s a guide – with notes"
    garbled = shown.encode("utf-8").decode("latin-1")  # "Itâ\x80\x99s"…
    assert repair_double_encoding(garbled + " and " + garbled) == shown + " and " + shown


def test_one_lookalike_sequence_is_left_alone():
    """A single "Ã©" may be meant (or a quotation of mojibake); a page of them is not."""
    text = "Mojibake looks like Ã© in a broken page."
    assert repair_double_encoding(text) == text


def test_legitimate_accents_are_untouched():
    text = "Crème brûlée, naïve, São Paulo, Ärger, Þór — déjà vu, à la carte, Ü-Bahn"
    assert repair_double_encoding(text * 3) == text * 3
