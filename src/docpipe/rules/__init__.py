"""docpipe's rules as data, in one place: patterns, vocabularies, selectors, thresholds and the method registry.

One module per kind of thing read: `dates`, `names` (names, bylines, credits), `notices` (republication notices),
`furniture` (subheads, bios, closing lines, standfirsts and headlines as sections), `outlets` (site names),
`selectors` (where HTML and front matter hold values), `plaintext` (how plain text is laid out) and `methods` (every
way a field is read, in rank order). Beside each pattern sits the small matcher that applies it to one string, so
every step reads a line the same way. Modules that hold logic import rules; rules import nothing else of docpipe.
"""
