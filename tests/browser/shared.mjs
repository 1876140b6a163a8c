// Shared by the browser checks (check-pages.mjs, check-embed.mjs).

import { AxeBuilder } from "@axe-core/playwright";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Lazy images load only near the viewport: walk down the page, then wait for every image.
export async function loadAllImages(page) {
  await page.evaluate(async () => {
    const step = Math.max(200, window.innerHeight / 2);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
    }
    window.scrollTo(0, 0);
    await Promise.all(
      [...document.images].map((img) =>
        img.complete ? null : new Promise((resolve) => { img.onload = img.onerror = resolve; }),
      ),
    );
  });
}

// axe's WCAG 2.1 A/AA run on the page as it is, summarised for the Python side.
export async function axeResults(page) {
  const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return {
    violations: axe.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
    })),
    passes: axe.passes.length,
    incomplete: axe.incomplete.map((v) => v.id),
  };
}
