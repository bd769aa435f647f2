"""English is available: the language switch, and a complete English catalogue."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse

SET_LANGUAGE = "/i18n/setlang/"
EN_PO = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def switch_to_english(client, next_url: str):  # type: ignore[no-untyped-def]
    response = client.post(SET_LANGUAGE, {"language": "en", "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    return response


def test_login_page_is_danish_by_default_and_english_after_switching(client):
    page = text_of(client.get(reverse("login")))
    assert '<html lang="da">' in page
    assert "<h1>Log ind</h1>" in page and "Brugernavn" in page

    switch_to_english(client, "/login/")
    page = text_of(client.get("/login/"))
    assert '<html lang="en">' in page
    assert "<h1>Log in</h1>" in page
    assert '<label for="id_username">Username</label>' in page
    assert '<label for="id_password">Password</label>' in page
    assert '<button type="submit" class="primary">Log in</button>' in page
    assert "Log ind" not in page and "Brugernavn" not in page

    # and back again
    client.post(SET_LANGUAGE, {"language": "da", "next": "/login/"})
    assert "<h1>Log ind</h1>" in text_of(client.get("/login/"))


def test_hr_unit_page_shows_english_navigation_after_switching(client_for):
    client = client_for("hr")
    url = reverse("unit-detail", args=["K"])
    assert url == "/enheder/K/"
    page = text_of(client.get(url))
    assert "HR · Hele organisationen" in page and ">Enheder</a>" in page

    switch_to_english(client, url)
    response = client.get(url)
    assert response.status_code == 200
    page = text_of(response)
    assert '<html lang="en">' in page
    assert 'aria-label="Main menu"' in page
    assert ">Units</a>" in page and ">Import</a>" in page and ">Import log</a>" in page
    assert "HR · The whole organisation" in page
    assert ">Log out</button>" in page and ">Change</button>" in page
    assert "Period (month)" in page and "Show" in page
    for danish in ("Hele organisationen", ">Enheder</a>", ">Importlog</a>", "Log ud", "Opgørelse",
                   "Periode (måned)"):
        assert danish not in page


# --- the catalogue ----------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


@dataclass
class PoEntry:
    msgid: str
    msgid_plural: str | None
    msgstr: list[str]  # one per plural form
    flags: set[str]


def po_entries(path: Path) -> list[PoEntry]:
    """The entries of a .po file; the header and obsolete (``#~``) entries are left out."""
    entries: list[PoEntry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, list[str]] = {}
        flags: set[str] = set()
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                assert key is not None, f"continuation line without a keyword: {line!r}"
                fields[key].append(_unquote(line))
            else:
                key, _, rest = line.partition(" ")
                fields[key] = [_unquote(rest)]
        msgid = "".join(fields.get("msgid", []))
        if not msgid:
            continue  # the header, or a block of comments only
        plural = "".join(fields["msgid_plural"]) if "msgid_plural" in fields else None
        forms = sorted(k for k in fields if k.startswith("msgstr"))
        entries.append(PoEntry(msgid, plural, ["".join(fields[k]) for k in forms], flags))
    return entries


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_english_catalogue_has_no_untranslated_entries():
    entries = po_entries(EN_PO)
    assert len(entries) > 100
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(e.msgstr)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, "untranslated in django.po:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy (ignored by compilemessages) in django.po:\n" + "\n".join(fuzzy)
    for entry in entries:
        if entry.msgid_plural is not None:
            assert len(entry.msgstr) == 2, entry.msgid
        for text in entry.msgstr:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


def test_english_mo_is_compiled_from_the_po():
    """django.mo is committed; it must match django.po (run compilemessages)."""
    with EN_PO.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = []
    for entry in po_entries(EN_PO):
        if entry.msgid_plural is None:
            ok = catalogue.gettext(entry.msgid) == entry.msgstr[0]
        else:
            ok = [catalogue.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)] == entry.msgstr
        if not ok:
            stale.append(entry.msgid)
    assert not stale, "django.mo is out of date; run compilemessages:\n" + "\n".join(stale)


def test_browser_language_does_not_override_danish(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert 'lang="da"' in response.content.decode()
