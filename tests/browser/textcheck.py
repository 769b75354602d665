"""What a court user reads on a page, checked for the language it should be in.

A Chinese page (zh-Hans) must not show Latin-alphabet words: no role, status or reason codes, no user names
where a person's name belongs, no English left untranslated. A few Latin tokens are how Chinese courts
write things themselves, and they are allowed (:data:`ZH_ALLOWED`); so are data that are Latin by nature
(identity numbers ending in X, unified social credit codes, a document's verification code). An English
page must not show Han characters, except the data a court records in Chinese (names of people, courts
and organizations, case numbers, causes), which the caller lists.

Both checks skip what the page itself marks as another language or as not to be translated: an element
with a ``lang`` attribute other than the page's (the language switch: 中文 / English) and one with
``translate="no"`` (HTML's mark for names, codes and keys, e.g. the TOTP secret).

Any page that is one of Django's debug pages (a traceback, ``Django Version``) fails both checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from playwright.sync_api import Page

#: the text a user sees: visible text nodes, the page title, and the attributes a browser shows or reads
#: aloud (placeholder, title, aria-label, alt, a button's value); the options of a visible select
_COLLECT = """() => {
  const pageLang = (document.documentElement.lang || '').toLowerCase();
  const skip = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      if (e.getAttribute('translate') === 'no') return true;
      const lang = (e.getAttribute('lang') || '').toLowerCase();
      if (lang && lang !== pageLang) return true;
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(e.tagName)) return true;
    }
    return false;
  };
  const visible = (el) => el.tagName === 'OPTION'
    ? visible(el.closest('select') || el.parentElement)
    : el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const out = [];
  const where = (el) => {
    const id = el.closest('[id]');
    return el.tagName.toLowerCase() + (id ? ' in #' + id.id : '');
  };
  if (document.title) out.push(['title', document.title]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.trim();
    const el = n.parentElement;
    if (!text || !el || skip(el) || !visible(el)) continue;
    out.push([where(el), text]);
  }
  for (const el of document.body.querySelectorAll('[placeholder],[title],[aria-label],[alt],input[type=submit],input[type=button]')) {
    if (skip(el) || !visible(el)) continue;
    for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
      const v = (el.getAttribute(a) || '').trim();
      if (v) out.push([where(el) + ' @' + a, v]);
    }
    // a button shows its value; a checkbox's ("on" unless set) is sent with the form, never shown
    if (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type) && el.value) {
      out.push([where(el) + ' @value', el.value]);
    }
  }
  return out;
}"""

#: Django's own pages: the debug traceback and the technical 404 (never shown unless ZHIYUAN_DEBUG=1)
DEBUG_MARKERS = ("Traceback", "Django Version", "Request Method:", "Exception Value:", "Using the URLconf")

#: Latin tokens Chinese court software writes as they are: file formats a user downloads or uploads
ZH_ALLOWED = frozenset({"DOCX", "XLSX", "CSV", "PDF"})

#: Latin by nature, removed before the words are read: addresses (a document's verification address),
#: identity numbers (18 characters, the last may be X, the middle masked), unified social credit codes
#: (GB 32100-2015), verification codes in groups of four (XT2V-83ZC-RY6R-7E9S), the version in the footer
_LATIN_DATA = (
    re.compile(r"https?://\S+"),
    re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){2,}\b"),
    re.compile(r"\d{6}[\d*]{8}\d{3}[\dXx*]"),
    re.compile(r"\b[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}\b"),
    re.compile(r"\bv\d+(?:\.\d+)+\S*"),
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’-]*")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+")
#: data an English page shows as the court recorded it: case numbers （2026）黔0102执1号 (and the numbers of
#: documents in them, …号履告1), court names (…人民法院) and court codes in brackets （黔0102）
_HAN_DATA = (
    re.compile(
        r"[（(]\d{4}[）)][\u4e00-\u9fff]\d{0,4}[\u4e00-\u9fff]{1,5}\d+号"
        r"(?:之[一二三四五六七八九十\d]+)?(?:[\u4e00-\u9fff]{1,3}\d+)?"
    ),
    re.compile(r"[\u4e00-\u9fff]{2,30}人民法院"),
    re.compile(r"[（(][\u4e00-\u9fff]\d{0,4}[）)]"),
)
#: the product's mark in the page head (执), the same in every language
BRAND = frozenset({"执", "执源"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of text that is not in the page's language: where, what was found, the text around it."""

    url: str
    where: str
    found: str
    text: str

    def __str__(self) -> str:
        return f"{self.url} [{self.where}] {self.found!r} in {self.text[:120]!r}"


def visible_text(page: Page) -> list[tuple[str, str]]:
    """(where, text) for every piece of text a user reads on ``page``."""
    return [(w, t) for w, t in page.evaluate(_COLLECT)]


def debug_page(page: Page) -> list[Finding]:
    """A finding when ``page`` is one of Django's debug or technical error pages."""
    body = page.content()
    return [Finding(page.url, "page", m, m) for m in DEBUG_MARKERS if m in body]


def latin_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-alphabet words of ``text`` a Chinese page may not show."""
    for pattern in _LATIN_DATA:
        text = pattern.sub(" ", text)
    for data in sorted(allowed, key=len, reverse=True):
        text = text.replace(data, " ")
    return [w for w in LATIN_WORD.findall(text) if w not in ZH_ALLOWED]


def han_runs(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The runs of Han characters (and full-width punctuation) of ``text`` an English page may not show,
    after removing case numbers and the ``allowed`` data."""
    for pattern in _HAN_DATA:
        text = pattern.sub(" ", text)
    for data in sorted(allowed, key=len, reverse=True):
        text = text.replace(data, " ")
    return HAN.findall(text)


def check_chinese(page: Page, allowed: Iterable[str] = ()) -> list[Finding]:
    """Everything on ``page`` that is not zh-Hans: Latin words outside :data:`ZH_ALLOWED` and ``allowed``
    (data the test recorded in Latin letters), and debug pages."""
    data = tuple(allowed)
    found = debug_page(page)
    lang = page.evaluate("document.documentElement.lang")
    if not str(lang).lower().startswith("zh"):
        found.append(Finding(page.url, "html@lang", str(lang), "the page does not say it is Chinese"))
    for where, text in visible_text(page):
        found += [Finding(page.url, where, w, text) for w in latin_words(text, data)]
    return found


def check_english(page: Page, allowed: Iterable[str] = ()) -> list[Finding]:
    """Everything on ``page`` that is not English: Han characters outside case numbers and ``allowed`` (the
    Chinese data of the test: names, courts, organizations, causes), and debug pages."""
    data = tuple(allowed)
    found = debug_page(page)
    lang = page.evaluate("document.documentElement.lang")
    if not str(lang).lower().startswith("en"):
        found.append(Finding(page.url, "html@lang", str(lang), "the page does not say it is English"))
    for where, text in visible_text(page):
        runs = han_runs(text, data)
        found += [Finding(page.url, where, h, text) for h in runs if not (h in BRAND and "#brand" in where)]
    return found
