// Headless Chromium through playwright-core with the flags that work here (shared/TOOLCHAIN.md);
// playwright gives each launch a fresh temporary profile (its own --user-data-dir).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** `extra`: more Chromium flags (the diagnosis runs pass V8 flags through --js-flags=…). */
export async function launch(extra = []) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Exact heap figures instead of the bucketed performance.memory.
      '--enable-precise-memory-info',
      ...extra,
    ],
  });
  return browser;
}
