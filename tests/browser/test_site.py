"""The built site in a real browser: clean loads, figure tooltips and links, search, dark mode, and every page at
phone and desktop widths in both colour schemes: no accessibility violation (axe-core, WCAG 2.1 A and AA), no
sideways scrolling, every image loaded, nothing fetched from another host. Screenshots land in screenshots/.

Every test runs on the site built by mkdocs and on the one built by Zensical (the ``builder`` fixture), except
that the accessibility pass over every page runs on Zensical's build at desktop width only, in both schemes
(ACCESSIBILITY_RUNS): the phone layout is the same theme CSS, and Zensical's pages are checked at phone width
for sideways scrolling (320 px) and chart legibility (390 px) all the same."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, SMALL_PHONE, goto, wait_for_document

pytestmark = pytest.mark.browser

ARTICLES = ["/opus-4-6-size.html", "/opus-5-claim.html"]
EVIDENCE_REVIEW = "/opus-5-claim.html"
# Every figure in an article links to its catalogue entry. (Not selected by [title]: Material moves the title into
# the tooltip while it is shown, and the n-th link would then be another one.)
FIGURE_LINKS = 'article a[href*="figures/"][href*="#"]'
DEFINITION = "Exact by definition"  # the tooltip of a defined constant (e.g. 2 bytes/param for BF16): no source
MAX_PAGE_BYTES = 200_000
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}
MODES = [("phone", "light"), ("phone", "dark"), ("desktop", "light"), ("desktop", "dark")]
# Each pass takes ~50 s of CPU: all four modes on mkdocs' build, desktop light and dark on Zensical's.
ACCESSIBILITY_RUNS = [("mkdocs", *mode) for mode in MODES] + [("zensical", "desktop", "light"),
                                                               ("zensical", "desktop", "dark")]
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP, "small-phone": SMALL_PHONE}
SCREENSHOT_HEIGHT = 16_000  # px: the longest catalogue pages are cut there (Chromium's limit for one capture)

# Waits for each shown image to finish (eager, so lazy ones load too) and returns those that did not load. An
# image hidden by the page's colour scheme (the other scheme's chart) is not shown, and not asked to load.
BROKEN_IMAGES = """async () => {
    const images = [...document.images].filter(img => img.getClientRects().length > 0);
    images.forEach(img => { img.loading = "eager"; });
    await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
        img.addEventListener("load", done); img.addEventListener("error", done);
    })));
    return images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.getAttribute("src"));
}"""
WIDTH = "Math.max(document.scrollingElement.scrollWidth, document.body.scrollWidth)"


def test_no_page_is_over_200_kb(site_dir: Path):
    sizes = {html.relative_to(site_dir).as_posix(): html.stat().st_size for html in site_dir.rglob("*.html")}
    heavy = {path: size for path, size in sizes.items() if size > MAX_PAGE_BYTES}
    assert len(sizes) >= 15, sizes
    assert not heavy, f"pages over {MAX_PAGE_BYTES:,} bytes of HTML: {heavy}"


def test_every_page_loads_cleanly(browse, site_pages):
    """No console error, failed request or call to another host, and every image loaded, on every page."""
    page, _ = browse()
    goto(page, "/")
    nav = {re.sub(r"index\.html$", "", urlsplit(href).path) for href in page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)")}
    assert nav, "found no navigation links on the home page"
    assert nav <= set(site_pages), f"the navigation links to pages that were not built: {sorted(nav - set(site_pages))}"
    assert len(site_pages) >= 15, f"expected the whole site, found only {site_pages}"
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


@pytest.mark.parametrize(("builder", "device", "scheme"), ACCESSIBILITY_RUNS, scope="session")
def test_every_page_is_accessible_and_fits_the_screen(browse, site_pages, builder, device, scheme):
    """On every page: 0 axe-core violations (WCAG 2.1 A and AA), no sideways scrolling, every shown image loaded,
    nothing fetched from another host. Each page's screenshot goes to screenshots/<page>-<device>-<scheme>.png
    (…-<scheme>-zensical.png for Zensical's build)."""
    viewport = VIEWPORTS[device]
    SCREENSHOTS.mkdir(exist_ok=True)
    page, traffic = browse(viewport=viewport, color_scheme=scheme)
    axe = Axe()
    found: dict[str, list[str]] = {}
    for path in site_pages:
        goto(page, path)
        problems = [f"image did not load: {src}" for src in page.evaluate(BROKEN_IMAGES)]
        width = page.evaluate(WIDTH)
        if width > viewport["width"]:
            problems.append(f"{width} px wide on a {viewport['width']} px screen (it scrolls sideways)")
        for violation in axe.run(page, options=WCAG).response["violations"]:
            nodes = violation["nodes"]
            problems.append(f"axe {violation['id']} ({violation['impact']}) on {len(nodes)} elements, e.g. "
                            f"{nodes[0]['html'][:160]}: {violation['help']}")
        problems += traffic.problems()
        traffic.clear()
        stem = (path.strip("/").removesuffix(".html").replace("/", "-") or "home") + f"-{device}-{scheme}" + \
            ("" if builder == "mkdocs" else f"-{builder}")
        height = min(page.evaluate("document.scrollingElement.scrollHeight"), SCREENSHOT_HEIGHT)
        page.screenshot(path=SCREENSHOTS / f"{stem}.png", full_page=True, timeout=120_000,
                        clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})
        if problems:
            found[path] = problems
    print(f"\nscreenshots: {SCREENSHOTS}/*-{device}-{scheme}{'' if builder == 'mkdocs' else '-' + builder}.png")
    assert not found, "\n".join(f"{path}:\n  " + "\n  ".join(problems) for path, problems in found.items())


def test_no_page_scrolls_sideways_on_a_small_phone(browse, site_pages):
    """At 320 px (the narrowest common phone) long values wrap and wide tables scroll inside their own box."""
    page, traffic = browse(viewport=SMALL_PHONE)
    wide = {}
    for path in site_pages:
        goto(page, path)
        width = page.evaluate(WIDTH)
        if width > SMALL_PHONE["width"]:
            wide[path] = width
    assert not wide, f"pages wider than the {SMALL_PHONE['width']} px screen: {wide}"
    traffic.assert_clean()


def test_a_wide_table_scrolls_in_its_own_box_with_a_cue(browse):
    """The size article's widest table is wider than a phone: it scrolls inside its box, which shows a shadow."""
    page, traffic = browse(viewport=PHONE)
    goto(page, "/opus-4-6-size.html")
    tables = page.locator("article table")
    overflowing = tables.evaluate_all("""tables => tables.filter(t => t.scrollWidth > t.clientWidth + 1)
        .map(t => getComputedStyle(t).backgroundImage)""")
    assert overflowing, "expected at least one table wider than a phone"
    assert all("radial-gradient" in image for image in overflowing), overflowing
    traffic.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_chart_is_drawn_for_the_colour_scheme_and_opens_full_size(browse, scheme):
    page, traffic = browse(viewport=PHONE, color_scheme=scheme)
    for path in ARTICLES:
        goto(page, path)
        shown = page.locator("article a.chart").evaluate_all(
            "links => links.filter(a => a.getClientRects().length > 0).map(a => [a.getAttribute('href'), "
            "a.querySelector('img').getAttribute('src')])")
        assert shown, f"no chart shown on {path}"
        for href, src in shown:
            assert href == src and href.endswith("-dark.svg") == (scheme == "dark"), (path, href, src)
    href = page.locator("article a.chart:visible").first.get_attribute("href")
    page.locator("article a.chart:visible").first.click()
    page.wait_for_url(re.compile(re.escape(href.removeprefix("..")) + "$"))
    traffic.assert_clean()


def test_chart_text_is_legible_on_a_phone(browse):
    """At 390 px each chart is shown at a scale where its smallest text (MIN_FONT_SIZE points) is ≥ 9 CSS px."""
    from calc.charts.style import MIN_FONT_SIZE

    page, traffic = browse(viewport=PHONE)
    small = {}
    for path in ARTICLES:
        goto(page, path)
        page.evaluate(BROKEN_IMAGES)
        for src, shown, natural in page.locator("article a.chart img").evaluate_all(
                "imgs => imgs.filter(i => i.getClientRects().length > 0)"
                ".map(i => [i.getAttribute('src'), i.getBoundingClientRect().width, i.naturalWidth])"):
            smallest_px = MIN_FONT_SIZE * 4 / 3 * shown / natural  # a point is 4/3 CSS px at the drawn size
            if smallest_px < 9:
                small[src] = round(smallest_px, 1)
    assert not small, f"chart text below 9 CSS px on a phone: {small}"
    assert page.evaluate(WIDTH) <= PHONE["width"]  # the chart scrolls in its own box, not the page
    traffic.assert_clean()


@pytest.mark.parametrize("article", ARTICLES)
def test_figure_tooltips_and_links(browse, article):
    """Hovering a figure shows its tier and source; clicking it lands on its entry in the Figures catalogue."""
    page, traffic = browse()
    goto(page, article)
    links = page.locator(FIGURE_LINKS)
    count = links.count()
    assert count >= 10, f"expected the figures of {article} to be links to the Figures pages, found {count}"

    titles = links.evaluate_all("links => links.map(a => a.getAttribute('title') || '')")
    wrong = [f"{links.nth(i).inner_text()!r}: {title!r}" for i, title in enumerate(titles)
             if not (("Tier" in title and "Source" in title) or title == DEFINITION)]
    assert not wrong, f"figure links on {article} whose tooltip names no tier and source:\n  " + "\n  ".join(wrong)

    # Hover a sample spread through the page (hovering all of them takes ~25 s): first, last and some between;
    # collapsed blocks (`??? note`) are opened first, as a reader would to see the figures in them.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # and lazy charts are loaded first, so that one loading as the page scrolls does not move the figure after it
    page.evaluate("""() => Promise.all([...document.images].map(img => {
        img.loading = 'eager';
        return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
    }))""")
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
    href = urlsplit(link.get_attribute("href"))
    name, catalogue_page = href.fragment, "/" + href.path.lstrip("./")
    link.click()
    page.wait_for_url(re.compile(rf"{re.escape(catalogue_page)}#{re.escape(name)}$"))
    wait_for_document(page, catalogue_page)
    assert_entry_in_view(page, name)
    traffic.assert_clean()


def assert_entry_in_view(page, name: str) -> None:
    assert page.evaluate("location.hash") == f"#{name}"
    entry = page.locator(f"[id='{name}']")
    expect(entry).to_have_count(1)
    expect(entry).to_be_in_viewport()
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    page.wait_for_function(  # not hidden under the sticky header once the scroll has settled
        "([id, bottom]) => document.getElementById(id).getBoundingClientRect().top >= bottom - 1",
        arg=[name, header_bottom])


@pytest.mark.parametrize(("name", "group_page"), [("decode_rate_glm_4_7", "/figures/throughput.html"),
                                                  ("price_output_mythos", "/figures/prices.html"),
                                                  ("active_params_fp8_opus_4_6", "/figures/throughput-anthropic.html")])
def test_an_old_figures_link_forwards_to_the_entry(browse, name, group_page):
    """figures/#name, the address of every entry before the catalogue was split, still opens the entry."""
    page, traffic = browse()
    page.goto(f"/figures/#{name}")
    page.wait_for_url(re.compile(rf"{re.escape(group_page)}#{name}$"))
    wait_for_document(page, group_page)
    assert_entry_in_view(page, name)
    traffic.assert_clean()


def test_search_finds_expert_collapse(browse, builder):
    """Typing "expert collapse" in the search box lists the evidence review, and the result opens it."""
    page, traffic = browse()
    goto(page, "/")
    search_and_open(page, builder, "expert collapse", EVIDENCE_REVIEW)
    traffic.assert_clean()


# Material's header holds the search box; Zensical's holds a button that opens a search dialog (in a shadow root,
# which Playwright's CSS locators reach into). (search box, its results' links) for each builder:
SEARCH = {"mkdocs": ("input.md-search__input", ".md-search-result__item a"),
          "zensical": ("dialog[aria-label='Search'] input[role=combobox]",
                       "dialog[aria-label='Search'] ol[role=listbox] a[role=option]")}


def search_and_open(page, builder: str, query: str, expected: str) -> None:
    box_selector, results_selector = SEARCH[builder]
    if builder == "zensical":
        page.locator(".md-search__button").click()
    box = page.locator(box_selector)
    box.click()
    box.press_sequentially(query)
    results = page.locator(results_selector)
    expect(results.first).to_be_visible()
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    hits = [href for href in hrefs if urlsplit(href).path.endswith(expected)]
    assert hits, f"no search result for {query!r} points to {expected}: {hrefs}"
    page.locator(f'{results_selector}[href*="{expected.lstrip("/")}"]').first.click()
    page.wait_for_url(re.compile(re.escape(expected)))


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


def test_opened_from_disk_navigation_and_search_work(browser, site_dir: Path, builder):
    """file://…/index.html: the navigation opens pages (not folder listings) and search finds the review."""
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    try:
        external = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else (external.append(route.request.url), route.abort())[1])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((site_dir / "index.html").as_uri())
        hrefs = page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)")
        assert hrefs and all(urlsplit(h).path.endswith(".html") for h in hrefs), hrefs
        page.locator("nav.md-nav--primary a.md-nav__link[href$='opus-4-6-size.html']").first.click()
        page.wait_for_url(re.compile(r"opus-4-6-size\.html$"))
        expect(page.locator("article h1")).to_contain_text("Opus 4.6")
        search_and_open(page, builder, "expert collapse", EVIDENCE_REVIEW)
        expect(page.locator("article h1")).to_contain_text("Claude Opus 5")
        assert external == [] and errors == []
    finally:
        context.close()
