"""A court user's walk through the platform in a real browser: sign in through the login page (with the
dynamic code when the role requires one), land on the workbench, open every item its panels list and every
menu entry, check each page's language (:mod:`tests.browser.textcheck`) and keep a screenshot of it.

The walk reads the workbench as ``templates/zhiyuan/workbench.html`` draws it (``#panels`` of
``article.panel`` cards, their items and footer links) and the menu as ``base.html`` draws it (``#menu``),
so it opens whatever panels and entries exist, not a list written here.

Screenshots go to ``$ZHIYUAN_SCREENSHOTS`` (default ``var/screenshots/``, which git ignores), one folder per
walk, a file per page."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Response, ViewportSize, expect

from tests.browser.textcheck import Finding, check_chinese, check_english

ROOT = Path(__file__).resolve().parents[2]
#: the size of every screenshot: a court's ordinary desktop screen
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


def artefact_folder() -> Path:
    """Where screenshots are written: ``$ZHIYUAN_SCREENSHOTS`` or ``var/screenshots/`` in the checkout."""
    folder = Path(os.environ.get("ZHIYUAN_SCREENSHOTS") or ROOT / "var" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "-", unquote(text)).strip("-")[:60] or "page"


@dataclass
class Walk:
    """One signed-in user's walk: the pages seen, what the checks found, where the screenshots went."""

    name: str
    base: str
    page: Page
    folder: Path
    allowed_latin: tuple[str, ...] = ()
    allowed_han: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    english: bool = False

    def _shot(self, label: str) -> None:
        self.page.screenshot(path=str(self.folder / f"{len(self.seen):02d}-{_slug(label)}.png"))

    def check(self, label: str) -> None:
        """Check the page now shown in the walk's language and keep its screenshot."""
        self.page.wait_for_load_state("load")
        if self.english:
            self.findings += check_english(self.page, self.allowed_han)
        else:
            self.findings += check_chinese(self.page, self.allowed_latin)
        self.seen.append(self.page.url)
        self._shot(label)

    def open(self, href: str, label: str = "", *, ok: Iterable[int] = (200,)) -> Response | None:
        """Go to ``href`` (a path or an address), note a status other than ``ok``, check the page."""
        url = href if href.startswith("http") else self.base + href
        response = self.page.goto(url)
        status = response.status if response is not None else 0
        if status not in set(ok):
            self.findings.append(Finding(url, "status", str(status), self.page.title()))
        self.check(label or urlsplit(url).path)
        return response

    def workbench(self) -> list[tuple[str, str]]:
        """Open the workbench (``/``) and return (label, path) of everything it links to: the panels'
        items, their actions and "more" links, and the menu, each once, in the page's order."""
        self.open("/", "workbench")
        expect(self.page.locator("#workbench-title")).to_be_visible()
        links = self.page.eval_on_selector_all(
            "#panels a[href], #menu a[href]",
            "els => els.map(a => [a.textContent.trim(), a.getAttribute('href')])",
        )
        out: list[tuple[str, str]] = []
        for label, href in links:
            path = href if href.startswith("/") else urlsplit(href).path
            if path != "/" and path not in {p for _, p in out}:
                out.append((label, path))
        return out

    def open_all(self, links: Iterable[tuple[str, str]]) -> None:
        """Open each linked page (every one must open for this user) and check it."""
        for label, path in links:
            if self.base + path not in self.seen:
                self.open(path, label)

    def to_english(self) -> None:
        """Press the language switch; from now on pages are checked as English."""
        self.page.click("button[data-lang=en]")
        self.page.wait_for_load_state("load")
        expect(self.page.locator("html")).to_have_attribute("lang", "en")
        self.english = True
        self.folder = self.folder / "en"
        self.folder.mkdir(exist_ok=True)


def start(
    browser: Browser,
    base: str,
    name: str,
    username: str,
    password: str,
    *,
    otp: Callable[[], str] | None = None,
    allowed_latin: Iterable[str] = (),
    allowed_han: Iterable[str] = (),
) -> tuple[BrowserContext, Walk]:
    """A fresh browser signed in as ``username`` through the login page, and its walk, whose screenshots go
    to ``<artefacts>/<name>/`` (emptied first). The login page and, when the role requires a dynamic code
    (enrolling on first sign-in), the code page are checked too; ``otp()`` supplies the code."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    folder = artefact_folder() / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.rglob("*.png"):
        old.unlink()
    walk = Walk(name, base, context.new_page(), folder, tuple(allowed_latin), tuple(allowed_han))
    page = walk.page
    walk.open("/accounts/login/", "login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state("load")
    if "/accounts/otp/" in page.url:
        assert otp is not None, f"{username} is asked for a dynamic code"
        walk.check("otp")
        page.fill("input[name=token]", otp())
        page.click("#otp-form button[type=submit]")
    expect(page.locator("#current-user")).to_be_visible()
    return context, walk
