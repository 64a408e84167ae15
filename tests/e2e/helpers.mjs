// Shared by the end-to-end tests: the static server (scripts/serve.mjs, with the strict CSP header),
// headless Chromium through playwright-core, and pages that record console errors, CSP violations
// and every request.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const out = join(root, 'tests', 'e2e', 'out');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling out (and is refused here).
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
export const KINDS = ['composition', 'functions', 'projects', 'change', 'waterfall', 'sangong', 'balance', 'tasks'];

const require = createRequire(import.meta.url);
/** axe-core's source, injected with page.evaluate: CDP evaluation is not subject to the page's CSP. */
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Starts the server on `dir` (default www/) and Chromium. Returns {base, browser, close()}. */
export async function start(dir = join(root, 'www')) {
  assert.ok(existsSync(join(root, 'www', 'pkg', 'yusuan_viewer_bg.wasm')), 'www/pkg is missing: run ./run.sh --no-serve first');
  mkdirSync(out, { recursive: true });
  const server = await serve({ root: dir, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  return {
    base: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Watches a page (and its frames): console errors, page errors, CSP violations (the
 * securitypolicyviolation event, in every frame, and Chromium's console report) and requests.
 * Call before page.goto.
 */
export async function watch(page, base) {
  const origin = new URL(base).origin;
  const w = { errors: [], csp: [], requests: [], foreign: [] };
  await page.addInitScript(() => {
    const record = (e) => {
      (window.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile ?? ''}:${e.lineNumber ?? ''}`);
    };
    // Capturing on window sees violations from the document and from shadow roots.
    window.addEventListener('securitypolicyviolation', record, true);
  });
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) w.csp.push(`console: ${m.text()}`);
    else if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    w.requests.push(url);
    if (/^(https?|wss?):/.test(url) && new URL(url).origin !== origin) w.foreign.push(url);
  });
  /** Violations recorded by the event listeners of every frame, plus console reports. */
  w.violations = async () => {
    const inFrames = [];
    for (const f of page.frames()) {
      try {
        inFrames.push(...(await f.evaluate(() => window.__csp ?? [])));
      } catch {}
    }
    return [...inFrames, ...w.csp];
  };
  return w;
}

/** Runs axe-core on the page (all rules axe enables by default): {violations, passed (rules that passed)}. */
export async function axe(pageOrFrame, context = null) {
  await pageOrFrame.evaluate(AXE_SOURCE);
  const ok = await pageOrFrame.evaluate(() => typeof window.axe?.run === 'function');
  assert.ok(ok, 'axe-core did not load into the page');
  return pageOrFrame.evaluate(async (ctx) => {
    // preload: false — axe's CSSOM preload copies stylesheets into inline <style> elements, which a
    // strict style-src refuses (a violation of axe's own making); only css-orientation-lock uses it.
    const r = await window.axe.run(ctx ?? document, { resultTypes: ['violations'], preload: false });
    const violations = r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
    return { violations, passed: r.passes.length };
  }, context);
}

/** Until every <yusuan-chart> on the page (or frame) has drawn or shown an error. */
export function chartsSettled(pageOrFrame, timeout = 15_000) {
  return pageOrFrame.waitForFunction(
    () => {
      const els = [...document.querySelectorAll('yusuan-chart')];
      return els.length > 0 && els.every((e) => e.chart || e.shadowRoot?.querySelector('.yu-error:not([hidden])'));
    },
    null,
    { timeout },
  );
}

/** Painted samples in a canvas (pixels that are neither transparent nor the background). */
export function painted(pageOrFrame, selectorOrHandle) {
  return pageOrFrame.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const [r0, g0, b0] = d;
    let n = 0;
    for (let i = 0; i < d.length; i += 4 * 7) if (d[i + 3] > 0 && (Math.abs(d[i] - r0) + Math.abs(d[i + 1] - g0) + Math.abs(d[i + 2] - b0) > 30)) n++;
    return n;
  }, selectorOrHandle);
}
