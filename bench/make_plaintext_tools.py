"""Freeze the plain-text benchmark's fixtures: real corpus pages rendered by real tools (issue 14, item 3).

    python bench/make_plaintext_tools.py [--corpus DIR] [--out DIR] [--tools a,b] [--pages N]

Picks pages from ../shared/corpus (never edited) whose ground truth has a title and a body (or trafilatura's
snippets), at most MAX_PER_SITE per site, and writes what each tool makes of each page to
`bench/fixtures/plaintext-tools/<tool>/<page-id>.txt` (`.md` for Markdown outputs), gzipped as `.txt.gz` /
`.md.gz`, with `MANIFEST.json` naming, per file, the tool, its version, the exact call, the kind of output
(full-page dump or article-only reader) and the page; and, per page, its dataset, site, half and the truth copied
from the corpus's ground truth. Nothing here reads docpipe's rules: the truth is the third-party annotation.

Tools that are missing are skipped with a note (lynx/w3m/pandoc are Debian packages: `apt-get install lynx w3m
pandoc`; html2text, markdownify and inscriptis are the dev extras; chromium is Debian's, driven by Playwright).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docpipe import evaluate
from docpipe.corpus import (
    FUNDUS,
    NEWSPAPER,
    READABILITY,
    SCRAPINGHUB,
    TRAF_EVAL,
    Page,
    load_fundus,
    load_newspaper,
    load_readability,
    load_scrapinghub,
    load_traf_eval,
    site_half,
    without_truth_errors,
)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
OUT = REPO / "bench" / "fixtures" / "plaintext-tools"

# Pages per dataset: the ones with full bodies and metadata first; ScrapingHub has bodies only.
QUOTAS = {READABILITY: 24, FUNDUS: 24, TRAF_EVAL: 16, NEWSPAPER: 6, SCRAPINGHUB: 10}
SHORT = {READABILITY: "readability", FUNDUS: "fundus", TRAF_EVAL: "trafeval", NEWSPAPER: "np4k", SCRAPINGHUB: "aeb"}
MAX_PER_SITE = 2
ENGLISH_SHARE = 0.7  # of each quota, taken from English pages first; the rest from other Latin-script languages
NON_LATIN = frozenset({"ar", "zh", "ja", "ko", "th", "ru", "uk", "bg", "el", "he", "fa", "hi"})

# newspaper4k's own SOURCE.md lists these author lists as wrong (related-article bylines, navigation words).
NEWSPAPER_BAD_AUTHORS = {
    "cnn_article": "SOURCE.md: authors include 'James S.A. Corey' and 'Chien-Ming Wang'",
    "wired_001": "SOURCE.md: 10 authors, related-article bylines",
    "video_article_01": "SOURCE.md: authors are navigation words ('Print', 'on December', …)",
    "yna_co_kr": "SOURCE.md: authors = ['www.facebook.com']",
}


# --- picking pages ---------------------------------------------------------------------------------------------


def host_label(url: str) -> str:
    """The site of a URL as its domain's main label ("https://www.nytimes.com/…" -> "nytimes", "en.yna.co.kr" ->
    "yna"), with docpipe.evaluate's public-suffix pattern, so the same site in two datasets counts once."""
    host = (urlsplit(url).hostname or url).lower().removeprefix("www.")
    match = evaluate.DOMAIN_SUFFIX.search(host)
    return host[: match.start()].rsplit(".", 1)[-1] if match and match.start() > 0 else host


def readability_site(key: str, keys: Iterable[str]) -> str:
    """Readability's pages carry no URL: the site is the key without its "-1" number, or its first word when
    other keys share it ("lifehacker-working", "lifehacker-post-comment-load" -> "lifehacker")."""
    name = re.sub(r"-\d+$", "", key)
    first = name.split("-")[0]
    others = [k for k in keys if k != key and k.split("-")[0] == first]
    return first if others else name


@dataclass(frozen=True, slots=True)
class Pick:
    page_id: str
    page: Page
    site: str  # for the per-site cap, comparable across datasets
    half_key: str  # the name whose sha256 parity decides the half (Fundus: the publisher, as bench/quality.py)
    dropped: dict[str, str]  # truth fields left out, with why


def page_id(page: Page) -> str:
    key = (page.url if page.dataset == SCRAPINGHUB and page.url else page.key).split("://", 1)[-1]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("._")[:60]
    if page.dataset in (SCRAPINGHUB, TRAF_EVAL):  # URLs and hashes: keep names short and unique
        stem = f"{stem[:40]}-{hashlib.sha1(page.key.encode()).hexdigest()[:8]}"
    return f"{SHORT[page.dataset]}__{stem}"


def candidates(corpus: Path) -> list[Pick]:
    loaders: dict[str, Callable[[Path], list[Page]]] = {
        READABILITY: load_readability,
        FUNDUS: load_fundus,
        TRAF_EVAL: load_traf_eval,
        NEWSPAPER: load_newspaper,
        SCRAPINGHUB: load_scrapinghub,
    }
    picks: list[Pick] = []
    for dataset, loader in loaders.items():
        loaded = loader(corpus / dataset)
        keys = [p.key for p in loaded]
        for raw in loaded:
            dropped = {name: "bench/quality.py TRUTH_ERRORS" for name in truth_error_fields(raw)}
            page = without_truth_errors(raw)
            if dataset == NEWSPAPER and page.key in NEWSPAPER_BAD_AUTHORS:
                page = replace(page, truth=replace(page.truth, author=None))
                dropped["authors"] = NEWSPAPER_BAD_AUTHORS[page.key]
            if dataset == READABILITY:
                site = half_key = readability_site(page.key, keys)
            elif dataset == FUNDUS:
                site, half_key = host_label(page.url or ""), str(page.publisher)
            else:
                site = half_key = host_label(page.url or page.key)
            picks.append(Pick(page_id(page), page, site, half_key, dropped))
    return picks


def truth_error_fields(page: Page) -> list[str]:
    fixed = without_truth_errors(page)
    return [name for name in ("author", "title", "date") if getattr(page.truth, name) != getattr(fixed.truth, name)]


def usable(page: Page) -> bool:
    """A title and a full body, or a body alone (ScrapingHub), or trafilatura's snippets; and a Latin script."""
    truth = page.truth
    if page.language in NON_LATIN:
        return False
    if page.dataset == SCRAPINGHUB:
        return bool(truth.body and truth.body.strip())
    if page.dataset == TRAF_EVAL:
        return bool(truth.title and truth.with_snippets and (truth.author or truth.date))
    return bool(truth.title and truth.body and truth.body.strip())


def choose(picks: list[Pick]) -> list[Pick]:
    """Per dataset, in the order of sha256(page id) (nobody chose the pages): English pages up to ENGLISH_SHARE
    of the quota, then pages in other languages, then English again if short; never more than MAX_PER_SITE
    pages of one site across all datasets."""
    per_site: Counter[str] = Counter()
    chosen: list[Pick] = []
    for dataset, quota in QUOTAS.items():
        pool = sorted(
            (p for p in picks if p.page.dataset == dataset and usable(p.page)),
            key=lambda p: hashlib.sha256(p.page_id.encode()).hexdigest(),
        )
        english = [p for p in pool if p.page.language == "en"]
        other = [p for p in pool if p.page.language != "en"]
        taken: list[Pick] = []
        for group, limit in ((english, round(quota * ENGLISH_SHARE)), (other, quota), (english, quota)):
            for pick in group:
                if len(taken) >= limit:
                    break
                if pick in taken or per_site[pick.site] >= MAX_PER_SITE:
                    continue
                taken.append(pick)
                per_site[pick.site] += 1
        chosen.extend(taken)
    return chosen


def truth_record(pick: Pick) -> dict[str, Any]:
    """The page's ground truth as the corpus gives it (dataset conventions kept; the scorer normalises)."""
    truth, dataset = pick.page.truth, pick.page.dataset
    fields = {
        READABILITY: "title, byline, publishedTime, siteName, expected_text",
        FUNDUS: "title, authors, published, sections[].paragraphs joined by blank lines, standfirst, "
        "sections[].headline (subheads)",
        TRAF_EVAL: "title, author, date, with, without (snippets; no full body)",
        NEWSPAPER: "title, authors, publish_date, meta_site_name, text",
        SCRAPINGHUB: "articleBody (no title, authors or date)",
    }[dataset]
    record: dict[str, Any] = {
        "truth_source": f"{dataset}/ground-truth.json: {fields}",
        "title": truth.title,
        "authors": list(truth.author) if isinstance(truth.author, tuple) else truth.author,
        "date": truth.date,
        "outlet": truth.outlet,
        "body": truth.body,
        "standfirst": list(truth.standfirst) if truth.standfirst is not None else None,
        "subheads": list(truth.subheads) if truth.subheads is not None else None,
        "with": list(truth.with_snippets) if truth.with_snippets is not None else None,
        "without": list(truth.without_snippets) if truth.without_snippets is not None else None,
    }
    if pick.dropped:
        record["truth_dropped"] = pick.dropped
    return record


CHROMIUM = Path("/usr/bin/chromium")
TOOL_TIMEOUT = 120  # seconds per page and tool; pandoc on a 1 MB page takes a few

# --- the tools -------------------------------------------------------------------------------------------------

FULL_PAGE, READER = "full-page", "reader"
CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """What a script that saves a page would hand a Python library: UTF-8 if it decodes, else the declared
    charset, else cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = CHARSET.search(data[:4096])
    for encoding in (match.group(1).decode("ascii") if match else "", "cp1252"):
        try:
            return data.decode(encoding) if encoding else data.decode("cp1252")
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def run_command(command: list[str], stdin: bytes | None = None) -> str:
    result = subprocess.run(command, input=stdin, capture_output=True, timeout=TOOL_TIMEOUT, check=True)
    return result.stdout.decode("utf-8", errors="replace")


def version_of(package: str) -> str:
    return importlib.metadata.version(package)


def first_line(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout.splitlines()[0].strip()


@dataclass(frozen=True, slots=True)
class Tool:
    name: str
    kind: str
    suffix: str  # ".txt" or ".md"
    call: str  # the exact call, with FILE for the page's HTML file
    version: Callable[[], str]
    render: Callable[[bytes, Path], str]  # (the page's bytes, the same bytes in a file) -> the tool's output
    available: Callable[[], str | None]  # None if usable, else why not


def python_tool(package: str) -> Callable[[], str | None]:
    def check() -> str | None:
        try:
            importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return f"the Python package {package} is not installed (pip install -e '.[dev]')"
        return None

    return check


def binary_tool(binary: str) -> Callable[[], str | None]:
    return lambda: None if shutil.which(binary) else f"{binary} is not on PATH (apt-get install {binary})"


def render_html2text(data: bytes, path: Path) -> str:
    import html2text

    return str(html2text.html2text(decode_html(data)))


def render_markdownify(data: bytes, path: Path) -> str:
    import markdownify

    return str(markdownify.markdownify(decode_html(data)))


def render_inscriptis(data: bytes, path: Path) -> str:
    import inscriptis

    return str(inscriptis.get_text(decode_html(data)))


def render_trafilatura(output_format: str, with_metadata: bool) -> Callable[[bytes, Path], str]:
    def render(data: bytes, path: Path) -> str:
        import trafilatura

        return trafilatura.extract(data, output_format=output_format, with_metadata=with_metadata) or ""

    return render


def titled(title: str | None, text: str) -> str:
    """A reader tool's title and text as a user saving the article writes them: the title line, a blank line, the
    text (the title alone is left out when the tool found none)."""
    title = (title or "").strip()
    return f"{title}\n\n{text}" if title else text


def render_newspaper(data: bytes, path: Path) -> str:
    import newspaper

    article = newspaper.Article(url="https://example.org/article")  # the page is given, nothing is fetched
    article.download(input_html=decode_html(data))
    article.parse()
    return titled(article.title, article.text)


def render_goose(data: bytes, path: Path) -> str:
    from goose3 import Goose

    with Goose() as goose:
        article = goose.extract(raw_html=decode_html(data))
    return titled(article.title, article.cleaned_text or "")


def render_readability_lxml(data: bytes, path: Path) -> str:
    import html_text
    from readability import Document

    document = Document(decode_html(data))
    return titled(document.title(), html_text.extract_text(document.summary()))


def render_readabilipy(data: bytes, path: Path) -> str:
    from readabilipy import simple_json_from_html_string

    article = simple_json_from_html_string(decode_html(data), use_readability=False)
    paragraphs = [block["text"] for block in article.get("plain_text") or () if block.get("text")]
    return titled(article.get("title"), "\n\n".join(paragraphs))


def render_justext(data: bytes, path: Path) -> str:
    import justext

    paragraphs = justext.justext(data, justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def render_boilerpy(data: bytes, path: Path) -> str:
    from boilerpy3 import extractors

    return str(extractors.ArticleExtractor(raise_on_failure=False).get_content(decode_html(data)))


def render_resiliparse(main_content: bool) -> Callable[[bytes, Path], str]:
    def render(data: bytes, path: Path) -> str:
        from resiliparse.extract.html2text import extract_plain_text

        return str(extract_plain_text(decode_html(data), main_content=main_content))

    return render


def render_html_text(data: bytes, path: Path) -> str:
    import html_text

    return str(html_text.extract_text(decode_html(data)))


def render_html_to_markdown(data: bytes, path: Path) -> str:
    from html_to_markdown import convert

    return str(convert(decode_html(data)).content)


LYNX = ["lynx", "-dump", "-nolist", "-force_html", "-assume_charset=utf-8", "-display_charset=utf-8"]
W3M = ["w3m", "-dump", "-T", "text/html", "-O", "UTF-8"]
PANDOC_PLAIN = ["pandoc", "--from=html", "--to=plain"]
PANDOC_GFM = ["pandoc", "--from=html", "--to=gfm-raw_html"]  # without it, every <div> stays as raw HTML

TOOLS: tuple[Tool, ...] = (
    Tool(
        "html2text",
        FULL_PAGE,
        ".md",
        "html2text.html2text(html)  # defaults: Markdown, wrapped at 78 columns",
        lambda: version_of("html2text"),
        render_html2text,
        python_tool("html2text"),
    ),
    Tool(
        "markdownify",
        FULL_PAGE,
        ".md",
        "markdownify.markdownify(html)  # defaults",
        lambda: version_of("markdownify"),
        render_markdownify,
        python_tool("markdownify"),
    ),
    Tool(
        "inscriptis",
        FULL_PAGE,
        ".txt",
        "inscriptis.get_text(html)  # defaults",
        lambda: version_of("inscriptis"),
        render_inscriptis,
        python_tool("inscriptis"),
    ),
    Tool(
        "pandoc-plain",
        FULL_PAGE,
        ".txt",
        " ".join(PANDOC_PLAIN) + " < FILE",
        lambda: first_line(["pandoc", "--version"]),
        lambda data, path: run_command(PANDOC_PLAIN, decode_html(data).encode("utf-8")),
        binary_tool("pandoc"),
    ),
    Tool(
        "pandoc-gfm",
        FULL_PAGE,
        ".md",
        " ".join(PANDOC_GFM) + " < FILE",
        lambda: first_line(["pandoc", "--version"]),
        lambda data, path: run_command(PANDOC_GFM, decode_html(data).encode("utf-8")),
        binary_tool("pandoc"),
    ),
    Tool(
        "lynx",
        FULL_PAGE,
        ".txt",
        " ".join(LYNX) + " FILE",
        lambda: first_line(["lynx", "-version"]),
        lambda data, path: run_command([*LYNX, str(path)]),
        binary_tool("lynx"),
    ),
    Tool(
        "w3m",
        FULL_PAGE,
        ".txt",
        " ".join(W3M) + " FILE",
        lambda: first_line(["w3m", "-version"]),
        lambda data, path: run_command([*W3M, str(path)]),
        binary_tool("w3m"),
    ),
    Tool(
        "chromium-innertext",
        FULL_PAGE,
        ".txt",
        "Playwright 1.65 chromium.launch(executable_path='/usr/bin/chromium'); new_context(java_script_enabled=False,"
        " offline=True); every request but the file:// page aborted; page.goto(file URL, wait_until='load');"
        " page.evaluate('document.body.innerText')",
        lambda: "",  # filled in from the browser itself
        lambda data, path: "",  # run in one browser for all pages: see render_chromium
        lambda: None if CHROMIUM.is_file() else f"{CHROMIUM} is missing (apt-get install chromium)",
    ),
    Tool(
        "trafilatura-txt",
        READER,
        ".txt",
        "trafilatura.extract(html_bytes, output_format='txt')  # defaults, as the trafilatura command prints",
        lambda: version_of("trafilatura"),
        render_trafilatura("txt", False),
        python_tool("trafilatura"),
    ),
    Tool(
        "trafilatura-md",
        READER,
        ".md",
        "trafilatura.extract(html_bytes, output_format='markdown', with_metadata=True)  # front matter + Markdown",
        lambda: version_of("trafilatura"),
        render_trafilatura("markdown", True),
        python_tool("trafilatura"),
    ),
    Tool(
        "html-text",
        FULL_PAGE,
        ".txt",
        "html_text.extract_text(html)  # defaults",
        lambda: version_of("html-text"),
        render_html_text,
        python_tool("html-text"),
    ),
    Tool(
        "html-to-markdown",
        FULL_PAGE,
        ".md",
        "html_to_markdown.convert(html).content  # defaults",
        lambda: version_of("html-to-markdown"),
        render_html_to_markdown,
        python_tool("html-to-markdown"),
    ),
    Tool(
        "resiliparse",
        FULL_PAGE,
        ".txt",
        "resiliparse.extract.html2text.extract_plain_text(html)  # defaults",
        lambda: version_of("resiliparse"),
        render_resiliparse(main_content=False),
        python_tool("resiliparse"),
    ),
    Tool(
        "resiliparse-main",
        READER,
        ".txt",
        "resiliparse.extract.html2text.extract_plain_text(html, main_content=True)",
        lambda: version_of("resiliparse"),
        render_resiliparse(main_content=True),
        python_tool("resiliparse"),
    ),
    Tool(
        "newspaper4k",
        READER,
        ".txt",
        "a = newspaper.Article(url); a.download(input_html=html); a.parse(); f'{a.title}\\n\\n{a.text}'",
        lambda: version_of("newspaper4k"),
        render_newspaper,
        python_tool("newspaper4k"),
    ),
    Tool(
        "goose3",
        READER,
        ".txt",
        "a = goose3.Goose().extract(raw_html=html); f'{a.title}\\n\\n{a.cleaned_text}'",
        lambda: version_of("goose3"),
        render_goose,
        python_tool("goose3"),
    ),
    Tool(
        "readability-lxml",
        READER,
        ".txt",
        "d = readability.Document(html); f'{d.title()}\\n\\n{html_text.extract_text(d.summary())}'",
        lambda: f"{version_of('readability-lxml')} (html-text {version_of('html-text')})",
        render_readability_lxml,
        python_tool("readability-lxml"),
    ),
    Tool(
        "readabilipy",
        READER,
        ".txt",
        "j = readabilipy.simple_json_from_html_string(html, use_readability=False); the title, a blank line, "
        "j['plain_text'] texts joined by blank lines",
        lambda: version_of("readabilipy"),
        render_readabilipy,
        python_tool("readabilipy"),
    ),
    Tool(
        "justext",
        READER,
        ".txt",
        "justext.justext(html_bytes, justext.get_stoplist('English')); non-boilerplate paragraphs joined by "
        "blank lines",
        lambda: version_of("justext"),
        render_justext,
        python_tool("justext"),
    ),
    Tool(
        "boilerpy3",
        READER,
        ".txt",
        "boilerpy3.extractors.ArticleExtractor(raise_on_failure=False).get_content(html)",
        lambda: version_of("boilerpy3"),
        render_boilerpy,
        python_tool("boilerpy3"),
    ),
)


def render_chromium(pages: list[tuple[str, Path]]) -> tuple[dict[str, str], str, dict[str, str]]:
    """innerText of every page in one headless chromium (JavaScript off, network off: the saved file only)."""
    from playwright.sync_api import sync_playwright

    outputs: dict[str, str] = {}
    failures: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        version = f"Chromium {browser.version} (Playwright {version_of('playwright')})"
        context = browser.new_context(java_script_enabled=False, offline=True)
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        for pid, path in pages:
            try:
                page.goto(path.as_uri(), wait_until="load", timeout=TOOL_TIMEOUT * 1000)
                outputs[pid] = str(page.evaluate("document.body ? document.body.innerText : ''"))
            except Exception as error:  # one page's failure is recorded, the others go on
                failures[pid] = f"{type(error).__name__}: {str(error)[:200]}"
        browser.close()
    return outputs, version, failures


# --- main ------------------------------------------------------------------------------------------------------


def write_fixture(out: Path, tool: Tool, pid: str, text: str) -> str:
    """Gzipped, with a fixed mtime so that regenerating the same text gives the same bytes."""
    relative = f"{tool.name}/{pid}{tool.suffix}.gz"
    target = out / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return relative


def copy_licences(corpus: Path, target: Path) -> None:
    """The upstream licence files of the datasets the pages come from, beside the fixtures made of them."""
    target.mkdir(parents=True, exist_ok=True)
    for dataset in QUOTAS:
        for licence in sorted((corpus / dataset).glob("*LICENSE*")):
            shutil.copyfile(licence, target / f"{dataset}.{licence.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"shared corpus folder (default {CORPUS})")
    parser.add_argument("--out", type=Path, default=OUT, help=f"fixture folder (default {OUT})")
    parser.add_argument("--tools", help="comma-separated tool names (default: all); others keep their files")
    parser.add_argument("--pages", type=int, help="only the first N chosen pages (a trial run)")
    parser.add_argument(
        "--truth-only", action="store_true", help="rewrite the pages' truth in the manifest, no tool is run"
    )
    args = parser.parse_args(argv)

    missing = [d for d in QUOTAS if not (args.corpus / d / "ground-truth.json").is_file()]
    if missing:
        print(f"the shared corpus is needed to regenerate the fixtures: {args.corpus} lacks {', '.join(missing)}")
        print("(the benchmark itself, bench/plaintext.py, runs on the frozen fixtures without it)")
        return 2
    wanted = set() if args.truth_only else set(args.tools.split(",")) if args.tools else {t.name for t in TOOLS}
    unknown = wanted - {t.name for t in TOOLS}
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")

    chosen = choose(candidates(args.corpus))[: args.pages]
    print(f"{len(chosen)} pages from {len({p.site for p in chosen})} sites: {Counter(p.page.dataset for p in chosen)}")

    manifest_path = args.out / "MANIFEST.json"
    old = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    chosen_ids = {p.page_id for p in chosen}
    files = [f for f in old.get("files", []) if f["tool"] not in wanted and f["page"] in chosen_ids]
    tools_info = {k: v for k, v in old.get("tools", {}).items() if k not in wanted}
    not_run = {k: v for k, v in old.get("tools_not_run", {}).items() if k not in wanted}
    failures = [f for f in old.get("failures", []) if f["tool"] not in wanted]

    # A fixed folder, not a random temporary one: lynx prints the file's own URL for some in-page links, and the
    # same pages must give the same bytes on every run.
    saved = Path(tempfile.gettempdir()) / "docpipe-saved-pages"
    shutil.rmtree(saved, ignore_errors=True)
    saved.mkdir(parents=True)
    try:
        html_files: list[tuple[str, Path]] = []
        for pick in chosen:  # the original bytes, as saved: tools that read files see what a browser would
            path = saved / f"{pick.page_id}.html"
            path.write_bytes(gzip.decompress(pick.page.html_path.read_bytes()))
            html_files.append((pick.page_id, path))
        for tool in TOOLS:
            if tool.name not in wanted:
                continue
            if (why := tool.available()) is not None:
                print(f"{tool.name}: skipped, {why}")
                not_run[tool.name] = why
                continue
            shutil.rmtree(args.out / tool.name, ignore_errors=True)
            started = time.monotonic()
            if tool.name == "chromium-innertext":
                outputs, version, failed = render_chromium(html_files)
            else:
                outputs, version, failed = {}, tool.version(), {}
                for pid, path in html_files:
                    try:
                        outputs[pid] = tool.render(path.read_bytes(), path)
                    except Exception as error:  # a tool's failure on one page is recorded, not fatal
                        failed[pid] = f"{type(error).__name__}: {str(error)[:200]}"
            for pick in chosen:
                text = outputs.get(pick.page_id)
                if text is not None and not text.strip():
                    failed[pick.page_id] = "empty output"  # nobody saves an empty file: left out
                if pick.page_id in failed:
                    failures.append({"tool": tool.name, "page": pick.page_id, "reason": failed[pick.page_id]})
                    continue
                files.append(
                    {
                        "file": write_fixture(args.out, tool, pick.page_id, text or ""),
                        "tool": tool.name,
                        "page": pick.page_id,
                    }
                )
            tools_info[tool.name] = {
                "version": version,
                "kind": tool.kind,
                "format": tool.suffix[1:],
                "call": tool.call,
            }
            seconds = time.monotonic() - started
            print(f"{tool.name}: {len(outputs) - len(failed)} files, {len(failed)} failed, {seconds:.0f} s")
    finally:
        shutil.rmtree(saved, ignore_errors=True)

    pages = {
        pick.page_id: {
            "dataset": pick.page.dataset,
            "source": f"{pick.page.dataset}/{pick.page.html_path.relative_to(args.corpus / pick.page.dataset)}",
            "key": pick.page.key,
            "url": pick.page.url,
            "language": pick.page.language,
            "site": pick.site,
            "half_key": pick.half_key,
            "half": site_half(pick.half_key),
            **truth_record(pick),
        }
        for pick in chosen
    }
    # Per file, everything the brief asks for is one lookup away: the file's tool entry and page entry; it is
    # repeated inline for the small fields so that a reader of one entry needs nothing else.
    for entry in files:
        info, page = tools_info[entry["tool"]], pages[entry["page"]]
        entry.update(
            {
                "tool_version": info["version"],
                "call": info["call"],
                "kind": info["kind"],
                "format": info["format"],
                "dataset": page["dataset"],
                "source": page["source"],
                "site": page["site"],
                "half": page["half"],
            }
        )
    files.sort(key=lambda f: f["file"])
    manifest = {
        "about": "Real tools' plain-text and Markdown renderings of shared-corpus pages; truth from the corpus ground "
        "truth. Files are gzipped UTF-8. Made by bench/make_plaintext_tools.py; scored by bench/plaintext.py.",
        "half_rule": "tuned when int(sha256(half_key as UTF-8), 16) is even, else measured (bench/quality.py "
        "site_half); half_key = Fundus's publisher name, else the site",
        "tools": dict(sorted(tools_info.items())),
        "tools_not_run": not_run,
        "failures": failures,
        "pages": pages,
        "files": files,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    copy_licences(args.corpus, args.out / "licenses")
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(files)} files, manifest {manifest_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
