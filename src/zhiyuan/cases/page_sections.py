"""Sections the apps above ``cases`` draw on a case's page.

Where a higher app keeps its own record of a case and its forms (``enforcement`` shows an enforcement
case's triage, 繁简分流, with the officer's forms), it registers a *section* at start-up
(``AppConfig.ready``): given the request and the case, it returns the section's HTML (rendered from the
app's own template, escaped there) or None. The page draws the sections, in their order of registration,
below the parties. Cases never imports the apps that register (ARCHITECTURE.md §2); for a mere link use
``page_links``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from zhiyuan.cases.models import Case

Section = Callable[[Any, "Case"], "SafeString | None"]
_SECTIONS: dict[str, Section] = {}


def register(name: str, section: Section) -> None:
    """Declare a section (registering a name again replaces it)."""
    _SECTIONS[name] = section


def sections_for(request: Any, case: Case) -> list[SafeString]:
    """The HTML of the sections the registered apps draw for ``request``'s user on ``case``."""
    return [html for section in _SECTIONS.values() if (html := section(request, case)) is not None]
