"""Within-document name resolution: short forms to the one full name they belong to."""

from __future__ import annotations

from claimgraph.resolve.names import person_aliases


def test_surname_maps_to_the_full_name():
    aliases = person_aliases(["Narges Mohammadi", "Mohammadi", "Ali Bagheri Kani"])
    assert aliases["mohammadi"] == "Narges Mohammadi"
    assert aliases["bagheri kani"] == "Ali Bagheri Kani" and aliases["kani"] == "Ali Bagheri Kani"


def test_arabic_article_is_optional():
    assert person_aliases(["Ziyad al-Nakhalah"])["nakhalah"] == "Ziyad al-Nakhalah"


def test_a_shared_surname_maps_to_no_one():
    aliases = person_aliases(["Ali Khamenei", "Mojtaba Khamenei"])
    assert "khamenei" not in aliases
