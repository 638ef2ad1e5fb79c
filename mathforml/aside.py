"""Set HTML aside while other plugins read a page, and put it back at the end.

Material's search plugin parses every page's HTML. Highlighted code blocks (which search
excludes anyway) and figures' SVG are most of that HTML, and parsing them was a third of a
warm build. So they wait aside as empty placeholders until `on_post_page` restores them.
"""

from __future__ import annotations


class SetAside:
    """The fragments set aside on one page."""

    def __init__(self) -> None:
        self.fragments: list[str] = []

    def put(self, fragment: str) -> str:
        """Keep `fragment`; return the placeholder to put where it was."""
        self.fragments.append(fragment)
        return self.placeholder(len(self.fragments) - 1)

    def restore(self, output: str) -> str:
        for n, fragment in enumerate(self.fragments):
            output = output.replace(self.placeholder(n), fragment, 1)
        return output

    @staticmethod
    def placeholder(n: int) -> str:
        return f'<div data-mfml-aside="{n}"></div>'
