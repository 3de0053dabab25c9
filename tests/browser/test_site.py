"""The built site in a real browser: clean loads, figure tooltips and links, search, dark mode, screenshots."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, goto, wait_for_document

pytestmark = pytest.mark.browser

ARTICLES = ["/opus-4-6-size/", "/opus-5-claim/"]
EVIDENCE_REVIEW = "/opus-5-claim/"
FIGURE_LINKS = 'article a[href*="figures/#"]'  # every figure in an article links to its entry on the Figures page
DEFINITION = "Exact by definition"  # the tooltip of a defined constant (e.g. 2 bytes/param for BF16): no source

# Waits for each image to finish (eager, so lazy ones load too) and returns those that did not load.
BROKEN_IMAGES = """async () => {
    const images = [...document.images];
    images.forEach(img => { img.loading = "eager"; });
    await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
        img.addEventListener("load", done); img.addEventListener("error", done);
    })));
    return images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.getAttribute("src"));
}"""


def test_every_page_loads_cleanly(browse, site_pages):
    """No console error, failed request or call to another host, and every image loaded, on every page."""
    page, _ = browse()
    goto(page, "/")
    nav = {urlsplit(href).path for href in page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)")}
    assert nav, "found no navigation links on the home page"
    assert nav <= set(site_pages), f"the navigation links to pages that were not built: {sorted(nav - set(site_pages))}"
    assert len(site_pages) >= 6, f"expected the whole site, found only {site_pages}"
    page.context.close()

    found = {}
    for path in site_pages:
        page, traffic = browse()
        goto(page, path)
        page.wait_for_load_state("networkidle")  # late requests too: fonts, the search index, the sitemap
        problems = traffic.problems() + [f"image did not load: {src}" for src in page.evaluate(BROKEN_IMAGES)]
        if problems:
            found[path] = problems
        page.context.close()
    assert not found, "\n".join(f"{path}:\n  " + "\n  ".join(problems) for path, problems in found.items())


@pytest.mark.parametrize("article", ARTICLES)
def test_figure_tooltips_and_links(browse, article):
    """Hovering a figure shows its tier and source; clicking it lands on its entry on the Figures page."""
    page, traffic = browse()
    goto(page, article)
    links = page.locator(FIGURE_LINKS)
    count = links.count()
    assert count >= 10, f"expected the figures of {article} to be links to the Figures page, found {count}"

    titles = links.evaluate_all("links => links.map(a => a.getAttribute('title') || '')")
    wrong = [f"{links.nth(i).inner_text()!r}: {title!r}" for i, title in enumerate(titles)
             if not (("Tier" in title and "Source" in title) or title == DEFINITION)]
    assert not wrong, f"figure links on {article} whose tooltip names no tier and source:\n  " + "\n  ".join(wrong)

    # Hover a sample spread through the page (hovering all of them takes ~25 s): first, last and some between.
    sourced = [i for i, title in enumerate(titles) if title != DEFINITION]
    for i in sorted({sourced[round(k * (len(sourced) - 1) / 5)] for k in range(6)}):
        link = links.nth(i)
        link.evaluate("a => a.scrollIntoView({block: 'center'})")
        link.hover()
        shown = f"hovering figure {i} ({link.inner_text()!r}) on {article} shows no tooltip"
        expect(link, shown).to_have_attribute("aria-describedby", re.compile(r"\S"))
        tooltip = page.locator(f"[id='{link.get_attribute('aria-describedby')}']")
        expect(tooltip, shown).to_be_visible()
        expect(tooltip, shown).to_have_class(re.compile(r"md-tooltip2--active"))
        expect(tooltip).to_have_text(titles[i])
        text = tooltip.inner_text()
        assert "Tier" in text and "Source" in text, f"tooltip of figure {i} on {article}: {text!r}"
        box = tooltip.locator(".md-tooltip2__inner").bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"] \
            and box["y"] + box["height"] <= DESKTOP["height"], f"tooltip of figure {i} on {article} is cut off: {box}"
        page.mouse.move(0, 0)

    link = links.nth(count // 2)
    name = urlsplit(link.get_attribute("href")).fragment
    link.click()
    page.wait_for_url(re.compile(rf"/figures/#{re.escape(name)}$"))
    wait_for_document(page, "/figures/")
    assert page.evaluate("location.hash") == f"#{name}"
    entry = page.locator(f"[id='{name}']")
    expect(entry).to_have_count(1)
    expect(entry).to_be_in_viewport()
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    page.wait_for_function(  # not hidden under the sticky header once the scroll has settled
        "([id, bottom]) => document.getElementById(id).getBoundingClientRect().top >= bottom - 1",
        arg=[name, header_bottom])
    traffic.assert_clean()


def test_search_finds_expert_collapse(browse):
    """Typing "expert collapse" in the search box lists the evidence review, and the result opens it."""
    page, traffic = browse()
    goto(page, "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("expert collapse")
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    hits = [href for href in hrefs if urlsplit(href).path == EVIDENCE_REVIEW]
    assert hits, f"no search result for 'expert collapse' points to {EVIDENCE_REVIEW}: {hrefs}"
    page.locator(f'.md-search-result__item a[href*="{EVIDENCE_REVIEW}"]').first.click()
    page.wait_for_url(re.compile(re.escape(EVIDENCE_REVIEW)))
    wait_for_document(page, EVIDENCE_REVIEW)
    traffic.assert_clean()


def test_light_dark_toggle(browse):
    """The header's toggle switches the colour scheme to dark (slate) and back to light (default)."""
    page, traffic = browse()
    goto(page, "/")
    body = page.locator("body")
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    traffic.assert_clean()


@pytest.mark.parametrize(("device", "scheme"), [("desktop", "light"), ("desktop", "dark"), ("phone", "light")])
def test_screenshots(browse, device, scheme):
    """Screenshots for a person to look at, in screenshots/ (not tracked); the page must not scroll sideways."""
    viewport = {"desktop": DESKTOP, "phone": PHONE}[device]
    SCREENSHOTS.mkdir(exist_ok=True)
    page, traffic = browse(viewport=viewport, color_scheme=scheme)
    overflow = {}
    for path in ["/", *ARTICLES]:
        goto(page, path)
        page.evaluate(BROKEN_IMAGES)
        stem = (path.strip("/") or "home") + f"-{device}-{scheme}"
        page.screenshot(path=SCREENSHOTS / f"{stem}.png", full_page=True)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > viewport["width"]:
            overflow[path] = width
    print(f"\nscreenshots: {SCREENSHOTS}/*-{device}-{scheme}.png")
    assert not overflow, f"pages wider than the {viewport['width']} px screen (they scroll sideways): {overflow}"
    traffic.assert_clean()
