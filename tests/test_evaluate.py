"""docpipe.evaluate, the one scorer of the corpus tests and the benchmarks: each folding rule on the kind of value
the real ground truth holds (bylines with "By" and newlines, timestamps with offsets, titles with a site suffix,
Fundus's standfirst paragraphs and subhead lines)."""

from __future__ import annotations

from datetime import date

from docpipe.evaluate import (
    author_names,
    authors_equal,
    body_f1,
    body_precision_recall,
    calendar_days,
    date_equal,
    outlet_equal,
    outlet_forms,
    snippets_absent,
    snippets_found,
    standfirst_found,
    standfirst_recall,
    subhead_lines,
    subhead_matches,
    subhead_misses,
    subhead_precision_recall,
    title_equal,
    title_forms,
)


def test_title_folding_and_site_suffix() -> None:
    assert title_forms("A Title: Part 2 | Site Name") == {"a title part 2", "a title part 2 site name"}
    assert title_forms("Don’t  stop – now - Medium") >= {"don t stop now", "don t stop"}
    assert title_equal("A Title: Part 2", "A title — part 2 | Site Name")
    assert not title_equal("A Title", "A Title: Part 2")
    assert not title_equal(None, "A Title")


def test_author_sets() -> None:
    assert author_names("By\n\t Jane Doe and John O’Neil; X & Y") == {"jane doe", "john o neil", "x", "y"}
    assert author_names(["Sarah Hinger", "BY SYLVIA TORRES-GUILLÉN"]) == {"sarah hinger", "sylvia torres guillén"}
    # A byline element's text: the name on the first line, the desk or the date on the next.
    assert author_names("By Kelli Miller\n WebMD Health News") == {"kelli miller"}
    assert author_names("Michael L. Anderson, PhD") == {"michael l anderson"}
    assert authors_equal(("Jane Doe", "John Roe"), "Jane Doe; John Roe")
    assert not authors_equal(("Jane Doe",), "Jane Doe and John Roe")


def test_dates_as_written_or_utc() -> None:
    assert calendar_days("2017-11-03 03:01:00.000000") == {date(2017, 11, 3)}
    assert calendar_days("2015-07-10T09:53:00-04:00") == {date(2015, 7, 10)}
    # Late evening at -04:00 is the next day in UTC: either reading of the instant counts.
    assert calendar_days("2015-07-10T23:30:00-04:00") == {date(2015, 7, 10), date(2015, 7, 11)}
    assert date_equal(date(2015, 7, 10), "2015-07-10T09:53:00-04:00")
    assert not date_equal(date(2015, 7, 9), "2015-07-10T09:53:00-04:00")
    assert not date_equal(date(2015, 7, 10), "July 2015")  # a truth that holds no day is met by nothing


def test_outlets() -> None:
    assert outlet_forms("the Guardian") == outlet_forms("The Guardian") == {"guardian"}
    assert outlet_equal("Ars Technica", "arstechnica.com")
    assert not outlet_equal("nytimes.com", "The New York Times")
    # A name meets the name with a tagline (datasets copy og:site_name whole), never the tagline's middle.
    assert outlet_equal("Mozilla Hacks", "Mozilla Hacks – the Web developer blog")
    assert outlet_equal("Die FURCHE", "Achtsam durch die Krise | Die FURCHE")
    assert not outlet_equal("Web developer blog", "Mozilla Hacks – the Web developer blog")
    assert not outlet_equal("Blog", "Mozilla Hacks – News – Blog of the year")


def test_an_empty_truth_is_met_only_by_no_value() -> None:
    assert title_equal(None, "") and not title_equal("A Title", "")
    assert date_equal(None, None) and not date_equal(date(2020, 1, 1), None)
    assert outlet_equal(None, "") and not outlet_equal("Salon", "")
    assert authors_equal((), "") and not authors_equal(("Jane Doe",), "")


def test_body_shingles() -> None:
    truth = "One two three four five six. Seven eight nine ten."
    assert body_precision_recall(truth, truth) == (1.0, 1.0)
    precision, recall = body_precision_recall("One two three four five six.", truth)
    assert precision == 1.0 and 0 < recall < 1
    assert body_precision_recall("", truth) == (0.0, 0.0)  # a rejected page costs precision too
    assert body_precision_recall("", "") == (1.0, 1.0)
    # Precision and recall are averaged over documents first, then F1 is their harmonic mean.
    f1, mean_precision, mean_recall = body_f1([(1.0, 0.5), (0.5, 1.0)])
    assert (mean_precision, mean_recall) == (0.75, 0.75) and f1 == 0.75


def test_snippets_fold_whitespace_not_case() -> None:
    body = "The quick\u00a0brown fox\n jumps."
    assert snippets_found(["quick brown fox", "Quick brown"], body) == [True, False]
    assert snippets_absent(["lazy dog"], body) == [True]


def test_standfirst_recall_by_paragraph() -> None:
    truth = ["Die Aufregung bleibt groß.", "Auch in Österreich stellt sich die Frage."]
    # Found after folding (case, punctuation, spacing), also when both paragraphs sit in one section.
    assert standfirst_found(["die Aufregung  bleibt GROSS!"], truth[:1]) == [True]  # casefold: ß is ss
    assert standfirst_found(["Die Aufregung bleibt groß – auch in Österreich stellt sich die Frage"], truth) == [
        True,
        True,
    ]
    assert standfirst_recall(["Die Aufregung bleibt groß."], truth) == 0.5
    assert standfirst_recall([], truth) == 0.0
    assert standfirst_recall(["Auch in Österreich"], truth) == 0.0  # a part of a paragraph is not the paragraph
    assert standfirst_found(["Die Aufregung bleibt großartig."], truth[:1]) == [False]  # words, not characters
    assert standfirst_recall(["Anything"], []) == 1.0  # nothing annotated, nothing to find
    assert standfirst_found(["x"], ["", "  "]) == []


def test_subhead_lines_pair_one_to_one() -> None:
    truth = ["Live-Ticker", "Donnerstag, 18. 7.", "11.04 Uhr: Drohne tötet Extremisten", "FAQ"]
    given = ["Live-Ticker", "Donnerstag, 18. 7.\n11.04 Uhr:  Drohne tötet Extremisten", "faq", "FAQ", "Foto: AP"]
    assert subhead_lines(given[1:2]) == ["Donnerstag, 18. 7.", "11.04 Uhr: Drohne tötet Extremisten"]
    # Six lines given, four annotated; "FAQ" is annotated once, so its second copy is invented, as is the credit.
    assert subhead_matches(given, truth) == (4, 6, 4)
    assert subhead_misses(given, truth) == (["FAQ", "Foto: AP"], [])
    precision, recall = subhead_precision_recall(given, truth)
    assert (precision, recall) == (4 / 6, 1.0)
    assert subhead_precision_recall(truth, truth) == (1.0, 1.0)
    assert subhead_precision_recall(["Foto: AP"], truth) == (0.0, 0.0)
    assert subhead_misses(["Foto: AP"], truth[:1]) == (["Foto: AP"], ["Live-Ticker"])
    # Nothing given invents nothing; nothing annotated misses nothing.
    assert subhead_precision_recall([], truth) == (1.0, 0.0)
    assert subhead_precision_recall(["FAQ"], []) == (0.0, 1.0)
    assert subhead_precision_recall([], []) == (1.0, 1.0)
