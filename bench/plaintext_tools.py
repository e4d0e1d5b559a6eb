"""The HTML-to-text tools of the plain-text fixtures: how each one is called, its version and whether it is here.

Full-page tools render the whole page; reader tools keep the article (each as its documentation shows it used, a
title line first where the tool returns the title apart, as a user saving the article writes it).
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
