// The embed on a host page with ordinary CMS CSS, in a real browser, for tests/test_embed_browser.py.
//
// Usage: node check-embed.mjs CONFIG.json
// CONFIG: {"chromium": "/usr/bin/chromium", "artifacts": "/abs/dir", "widths": [1280, 375],
//          "placeholder": [228, 232, 237] (the empty image frame's colour),
//          "pages": [{"name": "host", "url": "http://127.0.0.1:P2/", "axe": true},
//                    {"name": "standalone", "url": "http://127.0.0.1:P1/index.html"}]}
// One browser launch. Prints one JSON object on stdout (diagnostics go to stderr):
// {"pages": {NAME: {"layouts": {WIDTH: {...}}, "responses": [...], "events": [...], "axe": {...}}}}

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

import { axeResults, loadAllImages } from "./shared.mjs";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));

// The computed styles of every part of every card, the block's title and its "more" link.
// Runs inside the page: no closures over Node variables.
function measure() {
  const PROPS = [
    "display", "position", "float", "box-sizing", "color", "background-color", "font-family",
    "font-size", "font-weight", "font-style", "line-height", "letter-spacing", "word-spacing",
    "text-align", "text-transform", "text-indent", "text-decoration-line", "text-shadow",
    "list-style-type", "vertical-align", "white-space", "overflow-wrap", "box-shadow", "opacity",
    "max-width", "object-fit", "aspect-ratio", "margin-top", "margin-right", "margin-bottom",
    "margin-left", "padding-top", "padding-right", "padding-bottom", "padding-left",
    "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
    "border-top-style", "border-bottom-style", "border-top-left-radius",
  ];
  const PARTS = {
    card: null,
    title: ".pw-card__title",
    link: ".pw-card__link",
    media: ".pw-card__media",
    image: ".pw-card__image",
    meta: ".pw-card__meta",
    badge: ".pw-card__lang",
    date: ".pw-card__date",
    time: "time",
    sources: ".pw-card__sources",
    areas: ".pw-card__areas",
    area: ".pw-card__area",
    excerpt: ".pw-card__excerpt",
    more: ".pw-card__more",
    moreLink: ".pw-card__more-link",
  };
  const styleOf = (el) => {
    const computed = getComputedStyle(el);
    const out = {};
    for (const prop of PROPS) out[prop] = computed.getPropertyValue(prop);
    for (const pseudo of ["::before", "::after", "::marker"]) {
      out[`content${pseudo}`] = getComputedStyle(el, pseudo).getPropertyValue("content");
    }
    return out;
  };
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, left: r.left, width: r.width, height: r.height };
  };
  const root = document.querySelector(".pw-digest.pw-embed") ?? document.querySelector(".pw-digest");
  const cards = [...root.querySelectorAll("article.pw-card")].map((card) => {
    const parts = {};
    for (const [name, selector] of Object.entries(PARTS)) {
      const el = selector ? card.querySelector(selector) : card;
      if (el) parts[name] = styleOf(el);
    }
    const img = card.querySelector(".pw-card__image");
    return {
      title: card.querySelector(".pw-card__title").textContent.trim(),
      parts,
      boxes: {
        card: box(card),
        title: box(card.querySelector(".pw-card__title")),
        media: box(card.querySelector(".pw-card__media")),
        image: box(img),
      },
      image: img ? { src: img.src, alt: img.getAttribute("alt"), broken: img.complete && img.naturalWidth === 0 } : null,
    };
  });
  const more = [...root.querySelectorAll("a")].find((a) => a.textContent.trim() === "Więcej wiadomości");
  const embedTitle = root.querySelector(".pw-embed__title");
  return {
    viewport: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    root: styleOf(root),
    embedTitle: embedTitle ? styleOf(embedTitle) : null,
    more: more ? { href: more.href, style: styleOf(more) } : null,
    stylesheets: [...document.styleSheets].map((sheet) => sheet.href),
    styleAttributes: root.querySelectorAll("[style]").length,
    scripts: document.scripts.length,
    cards,
  };
}

// Card positions as the page first lays out, before any lazy image has loaded.
function cardBoxes() {
  return [...document.querySelectorAll("article.pw-card")].map((card) => {
    const r = card.getBoundingClientRect();
    return { top: r.top + window.scrollY, height: r.height };
  });
}

// Two PNGs of the same area compared on a blank page's canvas: how many pixels differ between them
// (apart from the ``corner`` × ``corner`` squares at the corners, counted on their own with the
// largest difference), and how many of the first, ``corner`` px away from its edges, are not ``colour``.
async function comparePixels(context, png, reference, colour, corner) {
  const page = await context.newPage();
  try {
    return await page.evaluate(
      async ({ first, second, rgb, margin }) => {
        const pixels = async (data) => {
          const img = new Image();
          img.src = `data:image/png;base64,${data}`;
          await img.decode();
          const canvas = document.createElement("canvas");
          canvas.width = img.width;
          canvas.height = img.height;
          const ctx = canvas.getContext("2d");
          ctx.drawImage(img, 0, 0);
          return { width: img.width, height: img.height, px: ctx.getImageData(0, 0, img.width, img.height).data };
        };
        const a = await pixels(first);
        const b = await pixels(second);
        const distance = (px, i, other) =>
          Math.abs(px[i] - other[0]) + Math.abs(px[i + 1] - other[1]) + Math.abs(px[i + 2] - other[2]);
        let differ = 0;
        let cornerDiffer = 0;
        let cornerMax = 0;
        let off = 0;
        const sample = [];
        for (let i = 0; i < a.px.length; i += 4) {
          const x = (i / 4) % a.width;
          const y = Math.floor(i / 4 / a.width);
          const apart = distance(a.px, i, [b.px[i], b.px[i + 1], b.px[i + 2]]);
          const inCorner = (x < margin || x >= a.width - margin) && (y < margin || y >= a.height - margin);
          if (apart > 6 && inCorner) {
            cornerDiffer += 1;
            cornerMax = Math.max(cornerMax, apart);
          } else if (apart > 6) {
            differ += 1;
            if (sample.length < 8) sample.push([x, y, a.px[i], a.px[i + 1], a.px[i + 2]]);
          }
          const inside = x >= margin && y >= margin && x < a.width - margin && y < a.height - margin;
          if (inside && distance(a.px, i, rgb) > 6) off += 1;
        }
        const sameSize = a.width === b.width && a.height === b.height;
        return { differ, cornerDiffer, cornerMax, off, sample, width: a.width, height: a.height, sameSize };
      },
      { first: png.toString("base64"), second: reference.toString("base64"), rgb: colour, margin: corner },
    );
  } finally {
    await page.close();
  }
}

async function checkPage(context, spec) {
  const result = { layouts: {}, responses: [], events: [], screenshots: [] };
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      result.events.push({ kind: `console-${msg.type()}`, text: msg.text() });
    }
  });
  page.on("pageerror", (error) => result.events.push({ kind: "pageerror", text: String(error) }));
  page.on("dialog", async (dialog) => {
    result.events.push({ kind: "dialog", text: dialog.message() });
    await dialog.dismiss();
  });
  page.on("response", (response) =>
    result.responses.push({
      url: response.url(),
      status: response.status(),
      type: response.headers()["content-type"] ?? "",
    }),
  );

  for (const width of config.widths) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(spec.url, { waitUntil: "load" });
    const before = await page.evaluate(cardBoxes);
    await loadAllImages(page);
    const layout = await page.evaluate(measure);
    layout.boxesBeforeImages = before;
    layout.boxesAfterImages = await page.evaluate(cardBoxes);
    // What a dead image leaves in its frame: only the placeholder colour is expected.
    layout.brokenFrames = [];
    const frames = page.locator("article.pw-card .pw-card__media");
    for (let i = 0; i < (await frames.count()); i += 1) {
      const frame = frames.nth(i);
      const broken = await frame.evaluate((el) => {
        const img = el.querySelector("img");
        return img.complete && img.naturalWidth === 0;
      });
      if (!broken) continue;
      const title = await frame.evaluate((el) => el.closest("article").querySelector(".pw-card__title").textContent.trim());
      // The dead image against the same frame with the image taken away (by the test, through
      // the CSSOM): every pixel must be the same, edges and corners included.
      await frame.scrollIntoViewIfNeeded();
      const clip = await frame.boundingBox();
      const dead = await page.screenshot({ clip, path: join(config.artifacts, `${spec.name}-${width}-dead-image-${i}.png`) });
      await frame.evaluate((el) => { el.querySelector("img").style.visibility = "hidden"; });
      const empty = await page.screenshot({ clip });
      await frame.evaluate((el) => { el.querySelector("img").style.visibility = ""; });
      layout.brokenFrames.push({ title, ...(await comparePixels(context, dead, empty, config.placeholder, 8)) });
    }
    const file = join(config.artifacts, `${spec.name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    result.screenshots.push(file);
    result.layouts[width] = layout;
  }

  // axe fetches the page's stylesheets itself (its "preload"), which a strict connect-src refuses:
  // what the page does is recorded up to here.
  const pageEvents = result.events;
  result.events = [];
  if (spec.axe) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(spec.url, { waitUntil: "load" });
    await loadAllImages(page);
    result.axe = await axeResults(page);
  }
  await page.close();
  result.axeEvents = result.events;
  result.events = pageEvents;
  return result;
}

let browser;
const output = { pages: {} };
try {
  browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
  });
  output.chromium = browser.version();
  const context = await browser.newContext({ locale: "pl-PL" });
  for (const spec of config.pages) {
    output.pages[spec.name] = await checkPage(context, spec);
  }
  await context.close();
} finally {
  if (browser) await browser.close();
}
process.stdout.write(JSON.stringify(output) + "\n");
