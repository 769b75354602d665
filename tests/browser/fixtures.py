"""Playwright (Python) driving Debian's Chromium: no browser download, ever.

A plugin of the root conftest (``pytest_plugins``), so that every test folder shares the one session
browser: a second definition of a session fixture (importing it into a test module) would start a second
Playwright in the same worker, which Playwright's sync API refuses."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's guard would refuse the test's own
# database set-up, which is still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # an English browser still gets the Chinese interface until the switch is pressed
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="en-US")
    p = context.new_page()
    # every walk-through also checks that the Content-Security-Policy blocks nothing the pages need
    blocked: list[str] = []
    p.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    yield p
    context.close()
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"
