"""What a site's name looks like beside a headline or a tagline."""

from __future__ import annotations

import re

# A trailing site name after a title: "Title | Site", "Title - Site".
TITLE_SITE_SUFFIX = re.compile(r"\s+[|–—\-:»•·]\s+[^|–—\-:»•·]{2,60}$")
# Where a site's name meets a tagline or a headline: "Name - Tagline", "Headline | Name", "Tagline • Name".
TAGLINE_BREAK = re.compile(r"\s+(?:[|•·»:]{1,2}|[-–—]{1,2})\s+")


URL = re.compile(r"https?://\S+")


# Outlet values as pages give them carry taglines, URLs and headlines; an outlet is a publication's name, the same
# on every page of a site. The page's host tells which part of "Name - Tagline" is the name.
SOCIAL_HOSTS = ("facebook.com", "twitter.com", "x.com", "instagram.com", "linkedin.com", "youtube.com", "t.me")


ARCHIVE_HOSTS = ("web.archive.org", "archive.org", "archive.ph", "archive.today")


BARE_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?", re.I)


SENTENCE_MIN_WORDS = 4


OUTLET_MAX_WORDS = 6  # more is a headline or a tagline, not a publication's name


HOST_LABEL_MIN_CHARS = 4  # a shorter label ("de", "tv") found inside a name is chance


# What follows a headline in a page's `<title>`: a separator, then the site's or a section's name.
TITLE_TAIL = re.compile(r"\s*(?:[|–—»·•:]|\s-)\s*\S")
