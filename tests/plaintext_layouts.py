"""Real articles rendered as the plain-text files people actually save, each with its exact truth.

Source articles are the real pages of Mozilla Readability's test set (title, byline, date and site name from
its ground truth; body paragraphs, subheads and lists from its expected HTML), the four fixture pages in
`tests/fixtures/plaintext/articles.json` when that corpus is absent, and the project's seed article.

`render(article, layout)` lays one article out as one kind of real file and returns the text together with
what a careful human reader would say about it: title, authors, dates, the original outlet, the body, the
subheads, and which lines are furniture (headline, byline, date line, republication notice, author bio,
other: share / related / copyright / contributor / "view on the web" lines). Every variant inside a layout
(byline form, date form, notice wording) is picked from the article's id, so a run is reproducible and
every layout gets every article.

What is synthetic, and why: the article text, titles and names are real; the furniture around them is
generated, because the corpus records it only as metadata. Multi-author bylines add co-authors from
`OTHER_PEOPLE` (real bylines of other pages in the same corpus) so that "By A and B" and "A, B and C" occur
often enough to measure; contributor lines name people from the same list; author bios use the
`BIO_TEMPLATES` sentences; an "Updated:" date is the publication date plus one to six days; URLs are made
from the title. The truth always follows the text as rendered: a "This article was reprinted on X." notice
names no original outlet, an ambiguous "05/06/2024" gives no date, and a short line counts as a subhead only
where a reader could tell it is one (see `looks_like_subhead`).

`score(prediction, truth)` grades what docpipe (`docpipe_prediction`) or another system said about a rendered
text against that truth, with the field rules of `docpipe.evaluate`. tests/text/test_layouts.py uses it;
nothing in bench/ uses it any more: bench/plaintext.py scores real tools' outputs (bench/fixtures/plaintext-tools).

Issue 14: the truth here is written by the same hands and vocabulary as docpipe's rules, so as a benchmark
this grading measures nothing; read its results as unit tests of single rules, and measure on outside text.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from docpipe import evaluate
from docpipe.config import Settings
from docpipe.model import Document, SectionKind
from docpipe.pipeline import process_file

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
READABILITY = "mozilla-readability-testpages"
READABILITY_COMMIT = "ab4027a8b37669745016869a37a504727992b2ba"  # ../shared/corpus/…/SOURCE.md
FIXTURE_ARTICLES = REPO / "tests" / "fixtures" / "plaintext" / "articles.json"
SEED = REPO / "raw" / "trump-return-us-russia-relations-interpreter.txt"

MIN_BODY_WORDS = 150  # shorter pages are product blurbs and stubs, not articles
WRAP_WIDTH = 72  # the width of hard-wrapped text files (email, fmt, pandoc)

# Furniture roles: every non-body line a layout writes is recorded under one of these.
FURNITURE_ROLES = ("headline", "standfirst", "byline", "date", "notice", "bio", "other")

# Real bylines of other pages in the Readability test set: co-authors for multi-author bylines and
# the people named in contributor lines.
OTHER_PEOPLE = (
    "Dan Goodin",
    "Alissa Wilkinson",
    "Steven Musil",
    "Joanna Rothkopf",
    "Corey Kilgannon",
    "Hazel Sheffield",
    "Lucy Akins",
    "Mike Conley",
    "Jennifer Jett",
    "Nelson D. Schwartz",
    "Ahiza Garcia",
    "Eleanor Ainge Roy",
)
# Real titles of Readability test pages, for "Related:" lists.
RELATED_TITLES = (
    "Obama admits US gun laws are his 'biggest frustration'",
    "Seven secrets that hotel owners don't want you to know",
    "How to Build a Terrarium",
    "Xbox One X review: A console that keeps up with gaming PCs",
    "The Hidden Heroines of Chaos",
    "Where do strained U.S.-Israeli relations go after Netanyahu's speech?",
    "Superbugs: What They Are and How You Get Them",
    "Manhole Fires and Burst Pipes: How Winter Wreaks Havoc on Water Mains",
    "The Deck of Cards That Made Tarot A Global Phenomenon",
    "Babies Who Eat Peanuts Early May Avoid Allergy",
)
BIO_TEMPLATES = (
    "{name} is a journalist whose work has appeared in several national publications.",
    "{name} is a senior writer covering technology, science and culture.",
    "{name} is a freelance writer and researcher based in London.",
    "{name} is a reporter and editor. Before that, {name} spent a decade as a teacher.",
    "{name} is an associate professor of history and the author of two books.",
)
# Sites that republish other outlets' pieces: the X of the "This article was reprinted on X." trap.
REPRINT_SITES = ("Yahoo News", "MSN", "Medium", "NewsBreak", "Apple News")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Block = tuple[str, Any]  # ("p", text) | ("h", subhead) | ("ul", [item, ...])


@dataclass(frozen=True)
class Article:
    """One real article: what its page says, before any plain-text layout is applied."""

    id: str  # e.g. "mozilla-readability-testpages/aclu" or "seed"
    title: str
    authors: list[str]
    published: date | None
    outlet: str | None  # where it was first published (for an original page, the site itself)
    site_name: str | None  # the site whose copy this is
    body: list[Block]
    url: str | None = None
    source: str = ""  # where the text comes from, for the JSON report

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "authors": self.authors,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
            "site_name": self.site_name,
            "body": [[kind, value] for kind, value in self.body],
            "url": self.url,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            title=data["title"],
            authors=list(data["authors"]),
            published=date.fromisoformat(data["published"]) if data["published"] else None,
            outlet=data["outlet"],
            site_name=data["site_name"],
            body=[(kind, list(value) if kind == "ul" else value) for kind, value in data["body"]],
            url=data.get("url"),
            source=data.get("source", ""),
        )


# --------------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------------


INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # zero-width characters and soft hyphens


def fold_space(text: str) -> str:
    """NFC, invisible characters dropped, whitespace (NBSP included) folded to single spaces."""
    return " ".join(INVISIBLE.sub("", unicodedata.normalize("NFC", text)).split())


def body_truth(blocks: list[Block]) -> str:
    """docpipe's body_text for these blocks: blocks separated by a blank line, list items one a line."""
    parts = []
    for kind, value in blocks:
        if kind == "ul":
            parts.append("\n".join(fold_space(item) for item in value))
        else:
            parts.append(fold_space(value))
    return "\n\n".join(parts)


def looks_like_subhead(text: str) -> bool:
    """Could a reader tell this line is a subhead when it stands alone as plain text?

    A short line without closing punctuation ("Why Neon Matters", "Why?") reads as a subhead; a full
    sentence ending in a full stop, two sentences, or a long line reads as a one-line paragraph.
    Markdown `##` lines are subheads whatever they say.
    """
    short = len(text.split()) <= 14 and len(text) <= 100
    return short and not text.rstrip().endswith((".", ",", ";", ":")) and not SENTENCE_BREAK.search(text)


SENTENCE_BREAK = re.compile(r"[.?!] +[A-Z]")
STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "′": "'", "″": '"'})


def straighten(article: Article) -> Article:
    """The same article with curly quotes made straight, as an ASCII-minded export writes it."""

    def fix(value: Any) -> Any:
        return [fix(v) for v in value] if isinstance(value, list) else value.translate(STRAIGHT)

    return Article(
        id=article.id,
        title=fix(article.title),
        authors=fix(article.authors),
        published=article.published,
        outlet=fix(article.outlet) if article.outlet else None,
        site_name=fix(article.site_name) if article.site_name else None,
        body=[(kind, fix(value)) for kind, value in article.body],
        url=article.url,
        source=article.source,
    )


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))[:60].strip("-") or "post"


def stable_number(article: Article, layout: str, dimension: str) -> int:
    """A number fixed by (article, layout, dimension): the same on every run and machine."""
    digest = hashlib.blake2b(f"{article.id}|{layout}|{dimension}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def pick(article: Article, layout: str, dimension: str, options: tuple[Any, ...] | list[Any]) -> Any:
    """A stable choice per (article, layout, dimension): reproducible, and spread evenly over articles."""
    return options[stable_number(article, layout, dimension) % len(options)]


def people(article: Article, layout: str, count: int) -> list[str]:
    """`count` people from OTHER_PEOPLE, none of them an author of the article."""
    pool = [p for p in OTHER_PEOPLE if p not in article.authors]
    start = stable_number(article, layout, "people") % len(pool)
    return [pool[(start + i) % len(pool)] for i in range(count)]


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------


def date_d_month_y(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"  # 15 November 2024


def date_month_d_y(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"  # November 15, 2024


def date_ap(d: date) -> str:
    return f"{AP_MONTHS[d.month - 1]} {d.day}, {d.year}"  # Nov. 15, 2024 (AP style: March, April … unabbreviated)


def date_weekday(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"  # Friday 15 November 2024


def date_iso(d: date) -> str:
    return d.isoformat()  # 2024-11-15


def date_slash(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"  # 15/11/2024


def slash_truth(d: date) -> date | None:
    """What a reader can tell from dd/mm/yyyy: nothing when the day could be the month (05/06/2024)."""
    return d if d.day > 12 or d.day == d.month else None


def modified_after(article: Article, layout: str, d: date) -> date:
    return d + timedelta(days=1 + stable_number(article, layout, "updated") % 6)


# --------------------------------------------------------------------------------------------------
# The page being written: lines plus the truth about them
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyStyle:
    wrap: int | None = None  # hard-wrap paragraphs (and list items, with a hanging indent) at this width
    subhead: str = "plain"  # "plain": the subhead alone on its line; "markdown": "## Subhead"
    bullet: str = "- "  # "- ", "* ", "• ", "•\t" or "1." (numbered)
    gaps: tuple[int, ...] = (1,)  # blank lines between blocks, cycled (runs of blank lines)
    trailing: str = ""  # appended to every other line (trailing spaces)
    nbsp: bool = False  # non-breaking spaces after sentence ends, as copied from HTML with &nbsp;


@dataclass
class Page:
    lines: list[str] = field(default_factory=list)
    furniture: dict[str, list[str]] = field(default_factory=lambda: {role: [] for role in FURNITURE_ROLES})
    subheads: list[str] = field(default_factory=list)

    def add(self, text: str, role: str | None = None) -> None:
        self.lines.append(text)
        if role:
            self.furniture[role].append(fold_space(text))

    def blank(self, count: int = 1) -> None:
        self.lines.extend([""] * count)

    def body(self, blocks: list[Block], style: BodyStyle) -> None:
        for index, (kind, value) in enumerate(blocks):
            if kind == "h":
                text = fold_space(value)
                if style.subhead == "markdown":
                    self.lines.append(f"## {text}")
                    self.subheads.append(text)
                else:
                    self.lines.append(text)
                    if looks_like_subhead(text):
                        self.subheads.append(text)
            elif kind == "ul":
                for number, item in enumerate(value, start=1):
                    marker = f"{number}. " if style.bullet == "1." else style.bullet
                    self.lines.extend(wrap_lines(fold_space(item), style.wrap, marker))
            else:
                text = fold_space(value)
                if style.nbsp:
                    text = text.replace(". ", ".\u00a0 ")
                self.lines.extend(wrap_lines(text, style.wrap, ""))
            if index < len(blocks) - 1:
                self.blank(style.gaps[index % len(style.gaps)])
        if style.trailing:
            self.lines = [line + style.trailing if i % 2 and line else line for i, line in enumerate(self.lines)]

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def wrap_lines(text: str, width: int | None, marker: str) -> list[str]:
    if width is None:
        return [marker + text]
    indent = " " * len(marker.expandtabs(4)) if marker else ""
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=marker,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def make_truth(
    article: Article,
    page: Page,
    layout: str,
    *,
    title: str,
    authors: list[str],
    published: date | None,
    modified: date | None = None,
    outlet: str | None,
    url: str | None = None,
) -> dict[str, Any]:
    return {
        "id": article.id,
        "layout": layout,
        "title": fold_space(title),
        "authors": authors,
        "published_date": published.isoformat() if published else None,
        "modified_date": modified.isoformat() if modified else None,
        "outlet": outlet,
        "url": url,
        "body_text": body_truth(article.body),
        "subheads": list(page.subheads),
        **{role: list(lines) for role, lines in page.furniture.items()},
    }


# --------------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------------


def layout_newsletter(article: Article) -> tuple[str, dict[str, Any]]:
    """A newsletter e-mail saved as plain text (Substack, Ghost, Buttondown): CRLF line endings.

        View this post on the web at https://dangoodin.substack.com/p/just-released-minecraft-exploit

        Just-released Minecraft exploit makes it easy to crash game servers

        By Dan Goodin and Mike Conley          (or "By A", or "A, B and C")
        Nov. 15, 2024                          (AP style: "Sept. 5, 2019", "March 3, 2021")

        A two-year-old bug in the widely used Minecraft game … (paragraphs unwrapped)

        Why it matters                         (subheads as short lines; lists with "* ")

        Share this article
        © 2024 Dan Goodin
        Unsubscribe https://dangoodin.substack.com/action/disable_email

    No outlet is named (the URL is not a name), so the truth outlet is None.
    """
    layout = "newsletter"
    form = pick(article, layout, "byline", ("one", "two", "three"))
    authors = list(article.authors)
    if authors and form == "two":
        authors = [*authors, *people(article, layout, 1)][: max(2, len(authors))]
    elif authors and form == "three":
        authors = [*authors, *people(article, layout, 2)][: max(3, len(authors))]
    host = slug(authors[0] if authors else article.title.split()[0]).replace("-", "")
    url = f"https://{host}.substack.com/p/{slug(article.title)}"
    page = Page()
    page.add(f"View this post on the web at {url}", "other")
    page.blank()
    page.add(article.title, "headline")
    page.blank()
    if authors:
        page.add(f"By {join_names(authors)}" if form != "three" else join_names(authors), "byline")
    if article.published:
        page.add(date_ap(article.published), "date")
    if authors or article.published:
        page.blank()
    page.body(article.body, BodyStyle(bullet="* "))
    page.blank()
    page.add("Share this article", "other")
    page.blank()
    if authors:  # the newsletter's writer holds the copyright; with no author the line is left out
        page.add(f"© {article.published.year if article.published else 2024} {authors[0]}", "other")
    page.add(f"Unsubscribe https://{host}.substack.com/action/disable_email", "other")
    truth = make_truth(
        article, page, layout, title=article.title, authors=authors, published=article.published, outlet=None, url=url
    )
    return page.text().replace("\n", "\r\n"), truth


def layout_cms_export(article: Article) -> tuple[str, dict[str, Any]]:
    """A CMS export to text (WordPress, Drupal plugins): UTF-8 BOM, labelled dates, "About the author".

        \\ufeffThe Modern Ambitions Behind Neon
        By Sarah Archer
        Published: April 30, 2019             (and "Updated: May 2, 2019"; or only "Updated: …")

        In the summer of 1898, the Scottish chemist … (paragraphs unwrapped; subheads short lines; "- " lists)

        About the author
        Sarah Archer is a senior writer covering technology, science and culture.

        Related:
        - How to Build a Terrarium
        - The Hidden Heroines of Chaos

        © 2019 CityLab. All rights reserved.

    The copyright line names the site, so the outlet is the site (for an original, not a republication).
    "Updated:" is the modified date; when it is the only date, there is no publication date.
    """
    layout = "cms_export"
    page = Page()
    page.add(article.title, "headline")
    if article.authors:
        page.add(f"By {join_names(article.authors)}", "byline")
    published = modified = None
    if article.published:
        dates = pick(article, layout, "dates", ("published", "published", "published+updated", "updated"))
        if "published" in dates:
            published = article.published
            page.add(f"Published: {date_month_d_y(published)}", "date")
        if "updated" in dates:
            modified = modified_after(article, layout, article.published)
            page.add(f"Updated: {date_month_d_y(modified)}", "date")
    page.blank()
    page.body(article.body, BodyStyle(bullet="- "))
    if article.authors:
        page.blank()
        page.add("About the author" if len(article.authors) == 1 else "About the authors", "other")
        for name in article.authors:
            page.add(pick(article, layout, f"bio {name}", BIO_TEMPLATES).format(name=name), "bio")
    page.blank()
    page.add("Related:", "other")
    for title in related(article, layout, 3):
        page.add(f"- {title}", "other")
    site = own_site(article)
    if site:
        page.blank()
        year = article.published.year if article.published else 2024
        page.add(f"© {year} {site}. All rights reserved.", "other")
    truth = make_truth(
        article,
        page,
        layout,
        title=article.title,
        authors=list(article.authors),
        published=published,
        modified=modified,
        outlet=site,
    )
    return "\ufeff" + page.text(), truth


def layout_markdown(article: Article) -> tuple[str, dict[str, Any]]:
    """A Markdown export (pandoc, Obsidian, a static-site generator): wrapped at 72 columns.

    # Just-released Minecraft exploit makes it easy to crash game servers

    *By Dan Goodin*

    2024-11-15

    A two-year-old bug in the widely used Minecraft game has been
    published …

    ## Why it matters

    - An item that runs past the end of the line wraps with a hanging
      indent

    ---

    *This article originally appeared on Ars Technica.*      (some articles)

    Related:

    - [How to Build a Terrarium](/how-to-build-a-terrarium/)
    """
    layout = "markdown"
    page = Page()
    page.add(f"# {article.title}", "headline")
    page.blank()
    if article.authors:
        page.add(f"*By {join_names(article.authors)}*", "byline")
        page.blank()
    if article.published:
        page.add(date_iso(article.published), "date")
        page.blank()
    page.body(article.body, BodyStyle(wrap=WRAP_WIDTH, subhead="markdown", bullet="- "))
    page.blank()
    page.add("---", "other")
    outlet = None
    if article.outlet and pick(article, layout, "notice", (True, False)):
        outlet = article.outlet
        page.blank()
        page.add(f"*This article originally appeared on {outlet}.*", "notice")
    page.blank()
    page.add("Related:", "other")
    page.blank()
    for title in related(article, layout, 2):
        page.add(f"- [{title}](/{slug(title)}/)", "other")
    truth = make_truth(
        article,
        page,
        layout,
        title=article.title,
        authors=list(article.authors),
        published=article.published,
        outlet=outlet,
    )
    return page.text(), truth


def layout_browser_copy(article: Article) -> tuple[str, dict[str, Any]]:
    """Select-all and copy from a browser, pasted into an editor: loose spacing, NBSPs, trailing spaces.

        Facebook Is Tracking Me Even Though I’m Not on Facebook␠␠
        Daniel Kahn Gillmor | 5 April 2018        (or just the date when there is no author)

        I don't use Facebook.\\u00a0 I'm not technophobic …


        (runs of two or three blank lines; subheads as short lines; "• " lists)
        Steven Musil and Hazel Sheffield contributed reporting.
        Share this article
        Related:
        How to Build a Terrarium
        The Hidden Heroines of Chaos

    The byline sits right under the headline, no blank line between.
    """
    layout = "browser_copy"
    page = Page()
    page.add(article.title + "  ", "headline")
    if article.authors and article.published:
        page.add(f"{join_names(article.authors)} | {date_d_month_y(article.published)}", "byline")
    elif article.authors:
        page.add(join_names(article.authors), "byline")
    elif article.published:
        page.add(date_d_month_y(article.published), "date")
    page.blank(2)
    page.body(article.body, BodyStyle(bullet="• ", gaps=(1, 2, 1, 3), trailing="  ", nbsp=True))
    page.blank(2)
    contributors = people(article, layout, 2)
    page.add(
        pick(
            article,
            layout,
            "contributors",
            (f"{join_names(contributors)} contributed reporting.", f"{contributors[0]} contributed to this report."),
        ),
        "other",
    )
    page.add("Share this article", "other")
    page.add("Related:", "other")
    for title in related(article, layout, 2):
        page.add(title, "other")
    truth = make_truth(
        article,
        page,
        layout,
        title=article.title,
        authors=list(article.authors),
        published=article.published,
        outlet=None,
    )
    return page.text(), truth


def layout_archive_dump(article: Article) -> tuple[str, dict[str, Any]]:
    """A record from a news archive or database dump: ALL-CAPS headline, source line, straight quotes.

        FACEBOOK IS TRACKING ME EVEN THOUGH I'M NOT ON FACEBOOK

        American Civil Liberties Union
        Thursday 5 April 2018                 (or "05/04/2018": ambiguous, so no date in the truth)
        Daniel Kahn Gillmor                   (an author line with no "By")
        1,870 words

        I don't use Facebook. I'm not technophobic -- I'm a geek. I've been
        using email since the early 1990s …  (wrapped at 72; subheads as short lines; "* " lists)

        Copyright 2018 American Civil Liberties Union

    The source line names the site: the outlet (for an original, not a republication).
    """
    layout = "archive_dump"
    article = straighten(article)
    site = own_site(article)
    title = article.title.upper()
    page = Page()
    page.add(title, "headline")
    page.blank()
    if site:
        page.add(site, "other")
    published = None
    if article.published:
        form = pick(article, layout, "date", ("weekday", "slash"))
        if form == "weekday":
            published = article.published
            page.add(date_weekday(published), "date")
        else:
            published = slash_truth(article.published)
            page.add(date_slash(article.published), "date")
    if article.authors:
        page.add(join_names(article.authors), "byline")
    words = len(body_truth(article.body).split())
    page.add(f"{words:,} words", "other")
    page.blank()
    page.body(article.body, BodyStyle(wrap=WRAP_WIDTH, bullet="* "))
    if site:
        page.blank()
        page.add(f"Copyright {article.published.year if article.published else 2024} {site}", "other")
    truth = make_truth(
        article,
        page,
        layout,
        title=title,
        authors=list(article.authors),
        published=published,
        outlet=site,
    )
    return page.text(), truth


def layout_republished(article: Article) -> tuple[str, dict[str, Any]]:
    """A think tank's or university's copy of a piece first published elsewhere (like the seed).

        Facebook Is Tracking Me Even Though I’m Not on Facebook

        Originally published in American Civil Liberties Union on 5 April 2018.   (top, in place of the
                                                                                 date line; some articles)
        5 April 2018

        I don’t use Facebook. …  (paragraphs unwrapped; subheads as short lines; "• " lists)

        The article was first published on American Civil Liberties Union.       (bottom; one of:)
          This article originally appeared on X. / Originally published in X on DATE. /
          This article is republished from X under a Creative Commons license. Read the original article. /
          This article was reprinted on Yahoo News.   (the trap: X is not the original; outlet None)

        Daniel Kahn Gillmor is a freelance writer and researcher based in London.

    No byline: the authors are named only in the closing bios. An article with no outlet to name gets
    the reprint trap or no notice at all.
    """
    layout = "republished"
    # With no outlet to name, a copy carries the reprint trap or no notice at all.
    forms = ("first", "appeared", "originally", "cc", "reprinted") if article.outlet else ("reprinted", "none")
    form = pick(article, layout, "notice", forms)
    top = form == "originally" and pick(article, layout, "top", (True, False))
    outlet = article.outlet if form in ("first", "appeared", "originally", "cc") else None
    published = article.published
    notice = {
        "first": f"The article was first published on {outlet}.",
        "appeared": f"This article originally appeared on {outlet}.",
        "originally": f"Originally published in {outlet}" + (f" on {date_d_month_y(published)}." if published else "."),
        "cc": f"This article is republished from {outlet} under a Creative Commons license. Read the original article.",
        "reprinted": f"This article was reprinted on {reprint_site(article, layout)}.",
        "none": "",
    }[form]
    page = Page()
    page.add(article.title, "headline")
    page.blank()
    if top:  # the notice carries the date; no date line of its own
        page.add(notice, "notice")
        page.blank()
    elif published:
        page.add(date_d_month_y(published), "date")
        page.blank()
    page.body(article.body, BodyStyle(bullet="• "))
    page.blank()
    if notice and not top:
        page.add(notice, "notice")
        page.blank()
    for name in article.authors:
        page.add(pick(article, layout, f"bio {name}", BIO_TEMPLATES).format(name=name), "bio")
        page.blank()
    truth = make_truth(
        article,
        page,
        layout,
        title=article.title,
        authors=list(article.authors),
        published=published,
        outlet=outlet,
    )
    return page.text(), truth


def layout_plain_wrapped(article: Article) -> tuple[str, dict[str, Any]]:
    """A text file written by hand or by `fmt`/`lynx -dump`: wrapped at 72, straight quotes, numbered lists.

    Just-released Minecraft exploit makes it easy to crash game servers
    By Dan Goodin
    November 15, 2024                     (or "2024-11-15")

    A two-year-old bug in the widely used Minecraft game has been
    published …



    1. Numbered list items                (runs of blank lines between blocks)

    Mike Conley and Jennifer Jett contributed.
    """
    layout = "plain_wrapped"
    article = straighten(article)
    page = Page()
    page.add(article.title, "headline")
    if article.authors:
        page.add(f"By {join_names(article.authors)}", "byline")
    if article.published:
        form = pick(article, layout, "date", (date_month_d_y, date_iso))
        page.add(form(article.published), "date")
    page.blank()
    page.body(article.body, BodyStyle(wrap=WRAP_WIDTH, bullet="1.", gaps=(1, 1, 3)))
    page.blank()
    page.add(f"{join_names(people(article, layout, 2))} contributed.", "other")
    truth = make_truth(
        article,
        page,
        layout,
        title=article.title,
        authors=list(article.authors),
        published=article.published,
        outlet=None,
    )
    return page.text(), truth


def layout_docs_export(article: Article) -> tuple[str, dict[str, Any]]:
    """A word processor's "Save as plain text" (Word, Google Docs): one line per paragraph, no blank lines.

        \\ufeffAs Debt Rises, the Government Will Soon Spend More on Interest Than on the Military
        Nelson D. Schwartz
        September 26, 2018
        WASHINGTON — The federal government could soon pay more in interest … (one paragraph, one long line)
        The Big Squeeze                        (subheads as short lines)
        •\\tlist items with a bullet and a tab
        Copyright 2018 …

    CRLF line endings and a BOM, as Windows tools write them. The author line has no "By".
    """
    layout = "docs_export"
    page = Page()
    page.add(article.title, "headline")
    if article.authors:
        page.add(join_names(article.authors), "byline")
    if article.published:
        page.add(date_month_d_y(article.published), "date")
    page.body(article.body, BodyStyle(bullet="•\t", gaps=(0,)))
    truth = make_truth(
        article,
        page,
        layout,
        title=article.title,
        authors=list(article.authors),
        published=article.published,
        outlet=None,
    )
    return "\ufeff" + page.text().replace("\n", "\r\n"), truth


LAYOUTS: dict[str, Callable[[Article], tuple[str, dict[str, Any]]]] = {
    "newsletter": layout_newsletter,
    "cms_export": layout_cms_export,
    "markdown": layout_markdown,
    "browser_copy": layout_browser_copy,
    "archive_dump": layout_archive_dump,
    "republished": layout_republished,
    "plain_wrapped": layout_plain_wrapped,
    "docs_export": layout_docs_export,
}


def render(article: Article, layout: str) -> tuple[str, dict[str, Any]]:
    """The article as a plain-text file of this layout, and the truth about that file."""
    return LAYOUTS[layout](article)


def own_site(article: Article) -> str | None:
    """The site's name when this copy is the original (a republisher's name is not the outlet)."""
    return article.site_name if article.site_name and article.site_name == article.outlet else None


def reprint_site(article: Article, layout: str) -> str:
    return pick(article, layout, "reprint", [s for s in REPRINT_SITES if s != article.outlet])


def related(article: Article, layout: str, count: int) -> list[str]:
    pool = [t for t in RELATED_TITLES if fold_space(t).casefold() != fold_space(article.title).casefold()]
    start = stable_number(article, layout, "related") % len(pool)
    return [pool[(start + i) % len(pool)] for i in range(count)]


# --------------------------------------------------------------------------------------------------
# The seed article: as it is in raw/, and as an Article to render
# --------------------------------------------------------------------------------------------------

SEED_TITLE = "What does Trump’s return mean for America’s relations with Russia?"
SEED_STANDFIRST_START = "CSS Senior Fellow Ian Hill commented"
SEED_BODY_START = "The Kremlin’s public response"
SEED_BODY_END = "susceptible to a quick fix."
SEED_NOTICE = "The article was first published on The Interpreter."


def seed_article(path: Path = SEED) -> Article:
    """The seed's body paragraphs, its "Why?" subhead, and its metadata as issue #2 states them."""
    paragraphs = [fold_space(p) for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.startswith(SEED_BODY_START))
    end = next(i for i, p in enumerate(paragraphs) if p.endswith(SEED_BODY_END))
    body: list[Block] = [("h" if p == "Why?" else "p", p) for p in paragraphs[start : end + 1]]
    return Article(
        id="seed",
        title=SEED_TITLE,
        authors=["Ian Hill"],
        published=date(2024, 11, 15),
        outlet="The Interpreter",
        site_name=None,  # a think tank's copy; the text does not name the think tank
        body=body,
        source=str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path),
    )


def seed_case(path: Path = SEED) -> tuple[str, dict[str, Any]]:
    """The seed file exactly as it is in raw/, with its truth."""
    text = path.read_text(encoding="utf-8")
    article = seed_article(path)
    paragraphs = [fold_space(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    bios = [p for p in paragraphs if p.startswith("Ian Hill is a retired")]
    truth = {
        "id": "seed",
        "layout": "seed",
        "title": SEED_TITLE,
        "authors": ["Ian Hill"],
        "published_date": "2024-11-15",
        "modified_date": None,
        "outlet": "The Interpreter",
        "url": None,
        "body_text": body_truth(article.body),
        "subheads": ["Why?"],
        "headline": [SEED_TITLE],
        "standfirst": [p for p in paragraphs if p.startswith(SEED_STANDFIRST_START)],
        "byline": [],
        "date": ["15 November 2024"],
        "notice": [SEED_NOTICE],
        "bio": bios,
        "other": [],
    }
    return text, truth


# --------------------------------------------------------------------------------------------------
# Source articles from the Readability test pages
# --------------------------------------------------------------------------------------------------

# Bylines that name no person: organisations, page furniture, dates.
NOT_A_PERSON = re.compile(
    r"\b(news|works|contributors?|projects?|wikimedia|foundation|follow|author|updated|staff|team|editors?|"
    r"inc|ltd|media)\b|^\W*\d|^(january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b",
    re.IGNORECASE,
)
CREDENTIALS = re.compile(r",\s*(MA|MS|MD|PhD|RN|MPH|DO)\.?$")
# Paragraphs inside an article body that are themselves furniture: kept out of the source body so
# that the truth's body holds only article text.
NOTICE_LIKE = re.compile(
    r"\b(originally (appeared|published|ran|posted)|first (appeared|published|posted)|republished|reprinted|"
    r"cross-?posted|(appeared|published) (first|originally)|creative commons)\b",
    re.IGNORECASE,
)
FURNITURE_LIKE = re.compile(  # only for short paragraphs: "Share prices fell …" is article text
    r"^(share( this)?\b|related( articles| stories| posts)?:?|follow\b|subscribe\b|sign up\b|"
    r"copyright\b|©|all rights reserved|advertisement|read more\b|click here\b|continue reading\b|"
    r"about the authors?\b|by [A-Z][a-z]+ [A-Z])",
    re.IGNORECASE,
)
CREDIT_LIKE = re.compile(
    r"^((top |lead )?(photos?|images?|illustrations?|pictures?)( credit)?( by|:| courtesy)|credit:|"
    r"\(?(artist|photo|image|illustration|credit|source)s?:)",
    re.IGNORECASE,
)
CONTRIBUTOR_LIKE = re.compile(r"\bcontributed( reporting)?( to this (report|story|article))?\.?$", re.IGNORECASE)
BIO_LIKE = re.compile(r"^(?:[A-Z][\w.'’-]*\s){2,3}(is|was|has been|writes|covers)\s(a|an|the)\b")
DATE_WORDS = frozenset(
    [m.casefold() for m in MONTHS + WEEKDAYS]
    + [m.casefold()[:3] for m in MONTHS + WEEKDAYS]
    + "sept am pm et est edt pt pst gmt bst utc at on updated published posted last modified".split()
)
BULLET_PARAGRAPH = re.compile(r"^[*•·-]\s+")
ENGLISH_WORDS = frozenset("the of and to a in is that it for was on with as are be this by not".split())
UNWANTED = ("figure", "figcaption", "table", "pre", "script", "style", "noscript", "svg", "img", "picture")
UNWANTED += ("video", "iframe", "button", "form", "nav", "aside", "math")
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::)\s+")
SITE_SUFFIXES = frozenset(("medium", "wikipedia", "lwn.net", "code", "evolve extension for mercurial", "v8"))


@dataclass(frozen=True)
class PageFix:
    """What a reader would correct on one Readability page; `why` says what is wrong upstream."""

    why: str
    exclude: bool = False
    title: str | None = None  # the article's headline when the <title> is not it
    published: str | None = None  # a date the article states itself (a dateline the metadata lacks)
    drop: tuple[str, ...] = ()  # these blocks ("…" at the end: starting so): captions, promos, widget labels
    cut_from: str | None = None  # this block and everything after it: a page footer
    drop_lists: bool = False  # the page's lists are image captions
    lead_is_body: bool = False  # the opening sentence in heading markup is the lede, not a dek


PAGE_FIXES = {
    "bug-1255978": PageFix("image captions and a video player's labels interleaved with the text", exclude=True),
    "clean-links": PageFix("a novella (Bartleby), not an article", exclude=True),
    "daringfireball-1": PageFix("a site colophon, not an article", exclude=True),
    "herald-sun-1": PageFix("byline says Joe Hildebrand; the page's author line says Laurie Oakes", exclude=True),
    "lifehacker-post-comment-load": PageFix("same article as lifehacker-working", exclude=True),
    "lwn-1": PageFix("a weekly edition of several articles with their own bylines", exclude=True),
    "mozilla-1": PageFix("a product page, not an article", exclude=True),
    "mozilla-2": PageFix("a product page, not an article", exclude=True),
    "msn": PageFix("an image credit is fused into the first paragraph", exclude=True),
    "wikipedia": PageFix("contents box, [edit] links and reference lists in the body", exclude=True),
    "buzzfeed-1": PageFix(
        "image credit, embed labels; lede in heading markup", drop=("West Merica Police", "Facebook"), lead_is_body=True
    ),
    "citylab-1": PageFix(
        "newsletter promo", drop=("Cities are changing fast. Keep up with the CityLab Daily newsletter.",)
    ),
    "cnet": PageFix("promos after the article", drop=("Tech Enabled: …", "Technically Literate: …")),
    "cnn": PageFix("lede in heading markup; widget credit", drop=("Powered by SmartAsset.com",), lead_is_body=True),
    "ebb-org": PageFix("post footer and site disclaimer", cut_from="Posted on Tuesday 15 October 2019"),
    "ehow-2": PageFix("related searches and ad", cut_from="Related Searches"),
    "engadget": PageFix(
        "gallery labels, price widget and the review box's pros/cons lists",
        drop=("Gallery: Xbox One X …", "from $610.00", "Most powerful hardware ever in a home console", "Expensive"),
    ),
    "google-sre-book-1": PageFix(
        "the <title> is the book's; the chapter is the article", title="Monitoring Distributed Systems"
    ),
    "guardian-1": PageFix("image captions are marked up as lists", drop_lists=True),
    "mercurial": PageFix("an editor's TODO comment", drop=("# XXX this link does not work …",)),
    "nytimes-3": PageFix(
        "standfirst, newsletter promo and print-edition line",
        drop=("New York’s aging below-street infrastructure is tough …", "[What you need to know …"),
        cut_from="A version of this article appears in print",
    ),
    "nytimes-4": PageFix(
        "standfirst and print-edition line",
        drop=("Tax cuts, spending increases and higher interest rates could …",),
        cut_from="A version of this article appears in print",
    ),
    "schema-org-context-object": PageFix("reporting line and author cards", cut_from="Stella Kim reported from Seoul"),
    "simplyfound-1": PageFix(
        "image captions",
        drop=("Raspberry Pi 3 - A credit card …", "Raspberry Pi in educations …", "Raspberry Pi - Various Usage"),
    ),
    "table-style-attributes": PageFix("site header line", drop=("linux usability …",)),
    "theverge": PageFix("newsletter subscription box", cut_from="Sign up for Command Line"),
    "toc-missing": PageFix("code widget label", drop=("Interactive Editor",)),
    "wapo-1": PageFix(
        "related-article links",
        drop=("[Bardo museum houses amazing Roman treasures]",),
        cut_from="Tunisia’s Islamists get a sobering lesson",
    ),
    "wapo-2": PageFix("image caption", drop=("Israeli Prime Minister Benjamin Netanyahu reacts as he visits …",)),
    "webmd-1": PageFix("date only in the article's own dateline", published="2015-02-23"),
    "webmd-2": PageFix("date only in the article's own dateline", published="2015-04-17"),
    "wikia": PageFix("community promo", drop=("Would you like to be part of the Fandom team? …",)),
    "yahoo-1": PageFix("links label", drop=("More games news:",)),
    "yahoo-2": PageFix(
        "the <title> is the site's; image captions; correction note",
        title="Russia: Space ship malfunctions, breaks up over Siberia",
        drop=("In this photo dated Tuesday …", "This version corrects the spelling …"),
    ),
    "yahoo-3": PageFix(
        "related-video titles and an image caption",
        drop=(
            "Pizza Man Making Special Delivery Pizza Delivery to Afghanistan During Super Bowl",
            "Redesigned Scopes Fail to Stop 'Superbug Outbreaks",
            "Antarctica 'Penguin Post Office' Attracts Record Number of Applicants",
            "Vanessa Hicks",
        ),
    ),
}


def load_corpus_articles(corpus: Path = CORPUS) -> list[Article]:
    """The real English pages of the Readability test set that have a person (or nobody) as byline."""
    folder = corpus / READABILITY
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    articles = []
    for name in sorted(truth):
        record = truth[name]
        if record["synthetic_unit_test"] or not (record.get("lang") or "en").lower().startswith("en"):
            continue
        fix = PAGE_FIXES.get(name, PageFix(""))
        if fix.exclude:
            continue
        article = readability_article(folder, name, record, fix)
        if article is not None:
            articles.append(article)
    return articles


def readability_article(folder: Path, name: str, record: dict[str, Any], fix: PageFix) -> Article | None:
    authors = clean_byline(record.get("byline"))
    if authors is None:
        return None
    site = clean_site(record.get("siteName"))
    title = fix.title or clean_title(record["title"], site, authors)
    html = gzip.decompress((folder / record["expected_html"]).read_bytes()).decode("utf-8")
    body = apply_fix(body_blocks(html, title, authors, lead_is_body=fix.lead_is_body), fix)
    words = body_truth(body).split()
    if len(words) < MIN_BODY_WORDS or not is_english(words):
        return None
    published = fix.published or (record.get("publishedTime") or "")[:10]
    return Article(
        id=f"{READABILITY}/{name}",
        title=title,
        authors=authors,
        published=date.fromisoformat(published) if published else None,
        outlet=site,
        site_name=site,
        body=body,
        source=f"https://github.com/mozilla/readability/tree/{READABILITY_COMMIT}/test/test-pages/{name}",
    )


def apply_fix(blocks: list[Block], fix: PageFix) -> list[Block]:
    def text(block: Block) -> str:
        return block[1][0] if block[0] == "ul" else block[1]

    if fix.cut_from:
        cut = next((i for i, b in enumerate(blocks) if text(b).startswith(fix.cut_from)), len(blocks))
        blocks = blocks[:cut]

    def dropped(block: Block) -> bool:
        return any(
            text(block).startswith(d[:-1].rstrip()) if d.endswith("…") else text(block) == d for d in fix.drop
        ) or (fix.drop_lists and block[0] == "ul")

    return [b for b in blocks if not dropped(b)]


def clean_byline(byline: str | None) -> list[str] | None:
    """Person names from a displayed byline; [] for no byline, None when the byline is not a person."""
    if not byline or not byline.strip():
        return []
    text = re.sub(r"^\s*(written\s+)?by:?\s+", "", byline, flags=re.IGNORECASE)
    text = text.strip().split("\n")[0]
    text = re.split(r"\s+edited by\s+|\d", text, flags=re.IGNORECASE)[0]
    text = fold_space(re.sub(r"\([^)]*\)", "", text))
    text = CREDENTIALS.sub("", text).strip(" ,")
    if not text or NOT_A_PERSON.search(text):
        return None
    parts = [p.strip() for p in re.split(r",\s*|\s+and\s+", text) if p.strip()]
    if len(parts) == 2 and " " not in parts[0] and "," in text:  # "Jong, Michiel de": surname first
        parts = [f"{parts[1]} {parts[0]}"]
    return [p.title() if p.isupper() else p for p in parts]


def clean_site(site: str | None) -> str | None:
    if not site or re.match(r"https?://", site):
        return None
    site = re.split(r"\s+(?:\||–|—)\s+|\s+powered by\s+", site, flags=re.IGNORECASE)[0]
    return fold_space(site) or None


def clean_title(title: str, site: str | None, authors: list[str]) -> str:
    """The headline without the site or author suffix a <title> carries ("… | eHow", "… - Medium")."""
    title = fold_space(title)
    strip = {s.casefold() for s in (site, *authors) if s} | SITE_SUFFIXES
    while True:
        parts = TITLE_SEPARATORS.split(title)
        last = parts[-1].strip(" []").casefold()
        if len(parts) > 1 and (last in strip or any(last in s or s in last for s in strip if len(s) > 3)):
            title = title[: title.rfind(parts[-1])].rstrip(" |-–—·:[")
            continue
        bracket = re.match(r"^(.*\S)\s+\[([^\]]+)\]$", title)  # "… [LWN.net]"
        if bracket and bracket.group(2).casefold() in strip:
            title = bracket.group(1)
            continue
        return title


def is_english(words: list[str]) -> bool:
    sample = [w.casefold() for w in words[:400]]
    return sum(w in ENGLISH_WORDS for w in sample) >= 0.12 * len(sample)


def body_blocks(html: str, title: str, authors: list[str], *, lead_is_body: bool = False) -> list[Block]:
    """Paragraphs, subheads and lists of the expected article HTML, in order, without furniture."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.select('[data-type="footnotes"]'):
        tag.decompose()
    for tag in soup.find_all("p"):  # a paragraph of an image and italic text is the image's caption
        italic = "".join(t.get_text("") for t in tag.find_all(["em", "i"]))
        if tag.find(["img", "picture"]) and fold_space(italic) == fold_space(tag.get_text("")):
            tag.decompose()
    for tag in soup.find_all(UNWANTED):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(" ")
    blocks: list[Block] = []
    taken: set[int] = set()
    for element in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol"]):
        if any(id(parent) in taken for parent in element.parents):
            continue
        taken.add(id(element))
        if element.name in ("ul", "ol"):
            items = list_items(element)
            if items and not (len(items) == 1 and is_date_line(items[0])):
                blocks.append(("ul", items))
        elif element.name == "p":
            text = fold_space(element.get_text(""))
            if keep_paragraph(text, title):
                bullet = BULLET_PARAGRAPH.match(text)  # "* item" typed into a paragraph is a list item
                blocks.append(("ul", [text[bullet.end() :]]) if bullet else ("p", text))
        else:
            text = fold_space(element.get_text("")).rstrip("#¶ ")
            if text and text.casefold() != title.casefold():
                # A "heading" that is a long sentence is a dek or a caption in heading markup.
                is_heading = len(text.split()) <= 20 and not text.endswith(".")
                blocks.append(("h", text) if is_heading else ("sentence-heading", text))
    if lead_is_body and blocks and blocks[0][0] == "sentence-heading":
        blocks[0] = ("p", blocks[0][1])
    blocks = trim_edges(blocks, authors)
    return [("p", v) if k == "sentence-heading" else (k, v) for k, v in blocks]


def list_items(element: Tag) -> list[str]:
    """Item texts, nested items after their parent; none for a list of bare links (a table of contents)."""
    items = []
    all_links = True
    for li in element.find_all("li"):
        own = [c for c in li.children if not (isinstance(c, Tag) and c.name in ("ul", "ol"))]
        text = fold_space("".join(c.get_text("") if isinstance(c, Tag) else str(c) for c in own))
        if not re.search(r"\w", text):
            continue
        links = fold_space("".join(a.get_text("") for a in li.find_all("a") if a.find_parent("li") is li))
        all_links &= links == text
        items.append(text)
    return [] if all_links else items


def keep_paragraph(text: str, title: str) -> bool:
    if not re.search(r"[A-Za-z]{2}", text) or text.casefold() == title.casefold():
        return False
    if NOTICE_LIKE.search(text) or CONTRIBUTOR_LIKE.search(text) or CREDIT_LIKE.match(text):
        return False
    return not (len(text.split()) <= 15 and FURNITURE_LIKE.match(text)) and not is_date_line(text)


def is_date_line(text: str) -> bool:
    """ "1:39 PM ET", "Updated March 11, 2015 3:46 PM": a date or time and nothing else."""
    words = re.findall(r"[A-Za-z]+", text)
    return bool(re.search(r"\d", text)) and all(w.casefold() in DATE_WORDS for w in words)


def is_bio(text: str, authors: list[str]) -> bool:
    """ "Jane Doe is a reporter …": a short paragraph about a person, at the end of an article."""
    return len(text.split()) <= 80 and bool(BIO_LIKE.match(text) or any(text.startswith(f"{a} ") for a in authors))


def trim_edges(blocks: list[Block], authors: list[str]) -> list[Block]:
    """Drop what is not article text at the edges: headings, deks and scraps before the first real
    paragraph, an "About the author" box, author bios in the last three blocks, headings left dangling
    at the end."""
    start = next((i for i, (k, v) in enumerate(blocks) if k == "p" and len(v.split()) >= 12), len(blocks))
    blocks = blocks[start:]
    about = next(
        (i for i, (k, v) in enumerate(blocks) if k == "h" and v.casefold().startswith("about the author")), None
    )
    blocks = blocks[:about]
    tail = len(blocks) - 3
    blocks = [b for i, b in enumerate(blocks) if not (i >= tail and b[0] == "p" and is_bio(b[1], authors))]
    while blocks and blocks[-1][0] == "h":
        blocks.pop()
    return blocks


def load_fixture_articles(path: Path = FIXTURE_ARTICLES) -> list[Article]:
    """The Readability pages copied into the test fixtures (used when the shared corpus is absent)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Article.from_json(item) for item in data["articles"]]


def write_fixture_articles(articles: list[Article], path: Path = FIXTURE_ARTICLES) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"articles": [a.to_json() for a in articles]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# Four varied pages for the test fixtures: a question subhead and a dateline date (webmd-1), subheads and
# lists (lazy-image-1), two authors (schema-org-context-object), no author with a list (topicseed-1).
FIXTURE_PAGES = ("webmd-1", "lazy-image-1", "schema-org-context-object", "topicseed-1")


# --------------------------------------------------------------------------------------------------
# Scoring a prediction against a rendered text's truth
# --------------------------------------------------------------------------------------------------

FURNITURE = ("headline", "standfirst", "byline", "date", "notice", "bio", "other")


@dataclass
class Prediction:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    outlet: str | None = None
    body: str = ""
    sections: list[tuple[str, str | None, str]] = field(default_factory=list)  # (kind, heading, text)
    reject: str | None = None


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def docpipe_prediction(path: Path, raw_dir: Path, out_dir: Path) -> Prediction:
    result = process_file(path, Settings(raw_dir=raw_dir, out_dir=out_dir))
    if not isinstance(result, Document):
        return Prediction(reject=f"{result.step}: {result.reason}")
    meta = result.metadata
    return Prediction(
        title=meta.title,
        authors=list(meta.authors),
        published=iso(meta.published_date),
        modified=iso(meta.modified_date),
        outlet=meta.outlet,
        body=result.body_text,
        sections=[(str(s.kind), s.heading, s.text) for s in result.sections],
    )


def fold(text: str | None) -> str:
    """`docpipe.evaluate.fold`, with None as the empty text."""
    return evaluate.fold(text or "")


def contains(haystack: str, needle: str) -> bool:
    """Folded `needle` occurs in folded `haystack` on word boundaries."""
    return evaluate.contains_words(haystack, needle)


def in_section(pred: Prediction, line: str, kind: SectionKind) -> bool:
    return any(k == kind and contains(fold(text), fold(line)) for k, _, text in pred.sections)


def score(pred: Prediction, truth: dict[str, Any]) -> dict[str, Any]:
    """Per-document scores and, for the JSON report, what was missed. Fields and body F1 use the rules of
    `docpipe.evaluate` (an empty truth is met only by no value); leaks and sections use this truth's roles."""
    body_truth = truth["body_text"]
    folded_body, folded_truth_body = fold(pred.body), fold(body_truth)
    leaks = [
        {"role": role, "line": line}
        for role in FURNITURE
        for line in truth[role]
        if contains(folded_body, fold(line)) and not contains(folded_truth_body, fold(line))
    ]
    headings = {fold(h) for kind, h, _ in pred.sections if kind == SectionKind.BODY and h}
    subheads_missed = [s for s in truth["subheads"] if fold(s) not in headings]
    notices_missed = [n for n in truth["notice"] if not in_section(pred, n, SectionKind.REPUBLICATION_NOTICE)]
    bios_missed = [b for b in truth["bio"] if not in_section(pred, b, SectionKind.AUTHOR_BIO)]
    return {
        "title": evaluate.title_equal(pred.title, truth["title"]),
        "authors": evaluate.authors_equal(pred.authors, truth["authors"]),
        "date": evaluate.date_equal(pred.published, truth["published_date"]),
        "modified": evaluate.date_equal(pred.modified, truth["modified_date"]),
        "outlet": evaluate.outlet_equal(pred.outlet, truth["outlet"]),
        "body_f1": evaluate.harmonic_mean(*evaluate.body_precision_recall(pred.body, body_truth)),
        "body_exact": evaluate.fold_whitespace(pred.body) == evaluate.fold_whitespace(body_truth),
        "no_leak": not leaks,
        "subheads": (len(truth["subheads"]) - len(subheads_missed), len(truth["subheads"])),
        "notices": (len(truth["notice"]) - len(notices_missed), len(truth["notice"])),
        "bios": (len(truth["bio"]) - len(bios_missed), len(truth["bio"])),
        "_leaks": leaks,
        "_subheads_missed": subheads_missed,
        "_notices_missed": notices_missed,
        "_bios_missed": bios_missed,
    }


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Render articles in plain-text layouts; write the fixtures.")
    parser.add_argument("--write-fixtures", action="store_true", help=f"write {FIXTURE_ARTICLES} from the corpus")
    parser.add_argument("--show", nargs=2, metavar=("PAGE", "LAYOUT"), help="print one rendering and its truth")
    args = parser.parse_args(argv)
    articles = load_corpus_articles() if (CORPUS / READABILITY).is_dir() else load_fixture_articles()
    if args.write_fixtures:
        chosen = [a for a in articles if a.id.rsplit("/", 1)[-1] in FIXTURE_PAGES]
        write_fixture_articles(chosen)
        print(f"wrote {len(chosen)} articles to {FIXTURE_ARTICLES}")
    if args.show:
        page, layout = args.show
        article = seed_article() if page == "seed" else next(a for a in articles if a.id.endswith(f"/{page}"))
        text, truth = render(article, layout)
        print(text)
        print(json.dumps({k: v for k, v in truth.items() if k != "body_text"}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
