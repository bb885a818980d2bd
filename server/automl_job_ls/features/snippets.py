"""Snippet text (LSP/TextMate syntax) built from parts, with every literal escaped.

In snippet syntax `$` starts a tab stop or a variable (`$schema` is the variable `schema`), `}`
closes a placeholder and `\\` escapes; so literal text must escape all three, and choice options
also `,` and `|`. The same parts render as plain text for clients without snippet support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TEMPLATE_FIELD = re.compile(r"<<(.*?)>>")


def escape(text: str) -> str:
    """Literal text inside a snippet."""
    return re.sub(r"([\\$}])", r"\\\1", text)


def _escape_choice(option: str) -> str:
    return re.sub(r"([\\$}|,])", r"\\\1", option)


@dataclass
class Snippet:
    _snippet: list[str] = field(default_factory=list)
    _plain: list[str] = field(default_factory=list)
    _stops: int = 0

    def text(self, literal: str) -> "Snippet":
        self._snippet.append(escape(literal))
        self._plain.append(literal)
        return self

    def placeholder(self, default: str) -> "Snippet":
        """A tab stop pre-filled with `default` (the plain form is just `default`)."""
        self._stops += 1
        self._snippet.append(f"${{{self._stops}:{escape(default)}}}" if default else f"${self._stops}")
        self._plain.append(default)
        return self

    def choice(self, options: list[str]) -> "Snippet":
        """A tab stop offering `options` (the plain form is the first one)."""
        if len(options) == 1:
            return self.placeholder(options[0])
        self._stops += 1
        self._snippet.append(f"${{{self._stops}|{','.join(_escape_choice(o) for o in options)}|}}")
        self._plain.append(options[0])
        return self

    def final(self) -> "Snippet":
        """Where the cursor ends up ($0)."""
        self._snippet.append("$0")
        return self

    @property
    def stops(self) -> int:
        """The number of the last tab stop so far."""
        return self._stops

    @property
    def has_stops(self) -> bool:
        return self._stops > 0 or "$0" in self._snippet

    def render(self, snippets: bool) -> str:
        return "".join(self._snippet if snippets else self._plain)


def from_template(template: str, after_stop: int = 0, final: bool = True) -> Snippet:
    """`key: <<default>>` marks a placeholder and `<<a|b|c>>` a choice; the rest is literal.
    Tab stops are numbered from `after_stop + 1`; `final` ends the snippet with `$0`."""
    out = Snippet(_stops=after_stop)
    last = 0
    for match in _TEMPLATE_FIELD.finditer(template):
        out.text(template[last : match.start()])
        body = match.group(1)
        if "|" in body:
            out.choice(body.split("|"))
        else:
            out.placeholder(body)
        last = match.end()
    out.text(template[last:])
    return out.final() if final else out
