"""An HTML page, parsed once (`tree`): its elements read as BeautifulSoup reads them (`markup`), its main content
through trafilatura (`extractor`, `content`), and what its markup says about the article's parts: its standfirst
(`standfirst`) and headings (`headings`), read by how their elements read (`elements`)."""
