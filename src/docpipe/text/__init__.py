"""Text as docpipe reads it: normalised (`normalise`), compared (`compare`), and plain text and Markdown laid out as
blocks (`plain`, `markdown`)."""
