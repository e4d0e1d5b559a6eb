"""Outlets as a publication's name (issue 15): what pages put in `og:site_name` and friends is cut to the name.

The values are shapes seen on the shared corpus's pages (a headline before "| Die FURCHE", a Facebook URL as the
site name, a tagline after the name); the page's host (from the sidecar URL here) tells which part is the name.
"""

from __future__ import annotations

import pytest

from ..articles import HEADLINE, html_page, processed, rows, selected


def site_named(name: str) -> str:
    return html_page(f'<title>{HEADLINE}</title><meta property="og:site_name" content="{name}">')


@pytest.mark.parametrize(
    ("site_name", "url", "outlet"),
    [
        pytest.param(
            "Achtsam durch die Krise | Die FURCHE", "https://www.furche.at/a/1", "Die FURCHE", id="headline-|-name"
        ),
        pytest.param(
            "WIRempfehlen - Die innovativsten Unternehmen",
            "https://wir-empfehlen.info/x",
            "WIRempfehlen",
            id="name-tagline",
        ),
        pytest.param(
            "Schnäppchen Blog mit Doktortitel • DealDoktor",
            "https://www.monsterdealz.de/x",
            "DealDoktor",
            id="tagline-name",
        ),
        pytest.param("https://www.mesopinions.com/", "https://www.mesopinions.com/p", "mesopinions.com", id="url"),
        pytest.param("www.chocolate.com", "https://www.chocolate.com/p", "chocolate.com", id="www"),
        pytest.param("Gala.fr", "https://www.gala.fr/p", "Gala.fr", id="domain-as-written"),
        pytest.param("The Harbour Herald", "https://harbourherald.example/p", "The Harbour Herald", id="a-name-stays"),
    ],
)
def test_an_outlet_is_the_publication_s_name(site_name: str, url: str, outlet: str) -> None:
    doc = processed(site_named(site_name), "story.html", sidecar={"url": url})
    assert selected(doc, "outlet") == [(outlet, "meta:og:site_name")]
    row = next(e for e in rows(doc, "outlet") if e.method == "meta:og:site_name")
    assert site_name.replace("&", "&amp;") in row.evidence or site_name in row.evidence  # the evidence as found


@pytest.mark.parametrize(
    "site_name",
    [
        pytest.param("https://www.facebook.com/harbourherald", id="social-network-url"),
        pytest.param("web.archive.org", id="archive-host"),
        pytest.param("Council votes to close the old bridge after engineers find cracks", id="headline"),
        pytest.param("Jane Doe jane@harbourherald.example", id="e-mail"),
    ],
)
def test_what_names_no_publication_is_no_outlet_candidate(site_name: str) -> None:
    doc = processed(site_named(site_name), "story.html", sidecar={"url": "https://harbourherald.example/p"})
    assert "meta:og:site_name" not in {e.method for e in rows(doc, "outlet")}


def test_what_the_user_states_is_not_cut() -> None:
    doc = processed(site_named("Ignored"), "story.html", sidecar={"outlet": "Harbour Herald - Since 1888"})
    assert selected(doc, "outlet") == [("Harbour Herald - Since 1888", "sidecar")]
