"""The bokmål catalogue is complete: every source string has a translation, none fuzzy."""

from __future__ import annotations

import re
from pathlib import Path

PO = (
    Path(__file__).resolve().parent.parent
    / "smartby"
    / "locale"
    / "nb"
    / "LC_MESSAGES"
    / "django.po"
)


def _entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if 'msgid "' in block]


def test_bokmal_catalogue_has_no_missing_or_fuzzy_entries():
    text = PO.read_text(encoding="utf-8")
    missing, fuzzy = [], []
    for block in _entries(text)[1:]:  # the first block is the header
        msgid = "".join(
            re.findall(r'^(?:msgid|msgid_plural)? ?"(.*)"$', block.split("msgstr")[0], re.M)
        )
        if block.lstrip().startswith("#~"):
            continue
        if "#, fuzzy" in block:
            fuzzy.append(msgid)
        strs = re.findall(r'msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block)
        if not strs or any(not (a + "".join(re.findall(r'"(.*)"', b))) for a, b in strs):
            missing.append(msgid)
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:10]}"


def test_pages_are_in_bokmal_by_default_and_english_under_en(client, db):
    nb = client.get("/roadmap/").content.decode()
    en = client.get("/en/roadmap/").content.decode()
    assert '<html lang="nb">' in nb and '<html lang="en">' in en
    assert "Sett innbyggerne i sentrum" in nb and "Put citizens at the centre" in en
    assert "Hovedinnhold" in nb or "Hopp til hovedinnholdet" in nb
