// Real-browser checks of the HTML digest, for tests/test_digest_browser.py.
//
// Usage: node check-pages.mjs CONFIG.json
// CONFIG: {"baseUrl": "http://127.0.0.1:PORT/", "chromium": "/usr/bin/chromium",
//          "artifacts": "/abs/dir", "widths": [1280, 375, 320], "screenshotWidths": [1280, 375],
//          "pages": [{"name": "index", "path": "index.html", "axe": true,
//                     "accessibleLinks": ["Czytaj dalej: …"]}]}
// One browser launch for everything. Prints one JSON object on stdout:
// {"pages": {NAME: {"axe": {...}, "layouts": {WIDTH: {...}}, "events": [...], "pwned": bool, ...}}}
// and nothing else (diagnostics go to stderr), so the Python test can assert on it.

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

import { axeResults, loadAllImages } from "./shared.mjs";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));

// Measured inside the page: every card's image, title and links, and the page's scroll width.
function measure() {
  const viewport = document.documentElement.clientWidth;
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {
      width: r.width,
      height: r.height,
      left: r.left,
      right: r.right,
      visible: typeof el.checkVisibility === "function" ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : true,
    };
  };
  const cards = [...document.querySelectorAll("article.pw-card")].map((card) => {
    const img = card.querySelector("img");
    return {
      title: card.querySelector(".pw-card__title")?.textContent.trim() ?? "",
      titleBox: box(card.querySelector(".pw-card__title")),
      image: img
        ? { box: box(img), loaded: img.complete && img.naturalWidth > 0, alt: img.getAttribute("alt") }
        : null,
      links: [...card.querySelectorAll("a")].map((a) => ({ text: a.textContent.trim(), href: a.href, box: box(a) })),
      cardBox: box(card),
    };
  });
  // What sticks out on the right (for the failure message), hidden text aside.
  const overflowing = [...document.body.querySelectorAll("*")]
    .filter((el) => !el.closest(".pw-visually-hidden") && el.getBoundingClientRect().right > viewport + 0.5)
    .slice(0, 10)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${el.getBoundingClientRect().right}`);
  return {
    viewport,
    overflowing,
    scrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    cards,
    more: [...document.querySelectorAll("a")]
      .filter((a) => a.textContent.trim() === "Więcej wiadomości")
      .map((a) => ({ href: a.getAttribute("href"), box: box(a) })),
  };
}

async function checkPage(context, spec) {
  const result = { events: [], layouts: {}, screenshots: [] };
  const page = await context.newPage();
  page.on("dialog", async (dialog) => {
    result.events.push({ kind: "dialog", text: `${dialog.type()}: ${dialog.message()}` });
    await dialog.dismiss();
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      result.events.push({ kind: `console-${msg.type()}`, text: msg.text() });
    }
  });
  page.on("pageerror", (error) => result.events.push({ kind: "pageerror", text: String(error) }));
  page.on("requestfailed", (request) =>
    result.events.push({ kind: "requestfailed", text: `${request.url()} ${request.failure()?.errorText}` }),
  );
  page.on("response", (response) => {
    if (response.status() >= 400) result.events.push({ kind: "http", text: `${response.status()} ${response.url()}` });
  });

  const url = new URL(spec.path, config.baseUrl).href;
  for (const width of config.widths) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    await loadAllImages(page);
    const layout = await page.evaluate(measure);
    if (config.screenshotWidths.includes(width)) {
      const file = join(config.artifacts, `${spec.name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      result.screenshots.push(file);
    }
    result.layouts[width] = layout;
  }

  // Keyboard: the first Tab lands on a link with a visible focus outline.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  await page.keyboard.press("Tab");
  result.focus = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: el.textContent.trim(),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      inViewport: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight,
    };
  });

  // Accessible names as the browser computes them (not as the markup suggests).
  result.accessibleLinks = {};
  for (const name of spec.accessibleLinks ?? []) {
    result.accessibleLinks[name] = await page.getByRole("link", { name, exact: true }).count();
  }

  // Reduced motion: no transition left on the cards.
  await page.emulateMedia({ reducedMotion: "reduce" });
  result.reducedMotionTransition = await page.evaluate(() => {
    const card = document.querySelector(".pw-card");
    return card ? getComputedStyle(card).transitionDuration : null;
  });
  await page.emulateMedia({ reducedMotion: "no-preference" });
  result.motionTransition = await page.evaluate(() => {
    const card = document.querySelector(".pw-card");
    return card ? getComputedStyle(card).transitionDuration : null;
  });

  if (spec.axe) {
    await loadAllImages(page);
    result.axe = await axeResults(page);
  }

  // The canary a hostile story's payload would set; also look for any injected element.
  result.pwned = await page.evaluate(() => typeof window.__pwned !== "undefined");
  result.scripts = await page.evaluate(() => document.scripts.length);
  await page.close();
  return result;
}

let browser;
const output = { pages: {}, chromium: null };
try {
  browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      // No --user-data-dir: playwright refuses it with launch(), and launch() already starts the
      // browser on a fresh temporary profile that it deletes on close.
    ],
  });
  output.chromium = browser.version();
  const context = await browser.newContext({ locale: "pl-PL" });
  for (const spec of config.pages) {
    const started = Date.now();
    output.pages[spec.name] = await checkPage(context, spec);
    output.pages[spec.name].seconds = (Date.now() - started) / 1000;
  }
  await context.close();
} finally {
  if (browser) await browser.close();
}
process.stdout.write(JSON.stringify(output) + "\n");
