"""`python -m docpipe`: the same as the `docpipe` command."""

from docpipe.cli import main

if __name__ == "__main__":
    main()
