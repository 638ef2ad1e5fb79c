"""Code blocks on the page: skip notices, kept out of search, and copied without prompts."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from mathforml.fences import repl_input

_SKIP = re.compile(r'^([ \t]*)<!--\s*skip:\s*next\s+"([^"]+)"\s*-->[ \t]*$', re.M)
_CODE_BLOCK = re.compile(r'(<div class="language-[\w-]+ highlight")')
_WHOLE_CODE_BLOCK = re.compile(r'<div class="language-[\w-]+ highlight"[^>]*>.*?</pre></div>', re.S)
_PYCON = re.compile(
    r'<div class="language-pycon highlight"((?: data-search-exclude)?)>(<pre>.*?</pre>)', re.S
)


def skip_notices(markdown: str) -> str:
    """Show readers why a block is not run: `<!-- skip: next "why" -->` becomes a warning."""
    return _SKIP.sub(
        r'\1!!! warning "The next block is not run by the tests"\n\n\1    \2\n', markdown
    )


def out_of_search(content: str, set_aside: Callable[[str], str]) -> str:
    """Keep code and TeX out of the search index, and set code blocks aside meanwhile.

    Code is most of the text of a lesson; indexing it tripled the search index that every
    first visit downloads, for matches nobody searches for. Prose and inline code stay.
    Formulas' TeX reads as noise in search results (they are typeset after indexing).
    """
    content = content.replace('class="arithmatex">', 'class="arithmatex" data-search-exclude>')
    content = _CODE_BLOCK.sub(r"\1 data-search-exclude", content)
    return _WHOLE_CODE_BLOCK.sub(lambda m: set_aside(m[0]), content)


def copy_without_prompts(output: str) -> str:
    """A transcript's copy button yields only its input lines, ready to paste into a REPL.

    Material copies an ancestor's data-copy attribute when there is one.
    """

    def add(m: re.Match) -> str:
        text = html.unescape(re.sub(r"<[^>]+>", "", m[2]))
        copy = html.escape(repl_input(text).rstrip("\n"), quote=True).replace("\n", "&#10;")
        return f'<div class="language-pycon highlight"{m[1]} data-copy="{copy}">{m[2]}'

    return _PYCON.sub(add, output)
