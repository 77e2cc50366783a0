import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromium } from "playwright-core";

// e2e runs against the built app started by `npm start` (scripts/start.ts) on its own ports and data
// directory, with every local stand-in. Playwright's own Chromium where it could be downloaded,
// Debian's otherwise (this machine cannot download browsers).
const PORT = Number(process.env.E2E_PORT || 3100);
export const E2E_SEED_TOKEN = process.env.E2E_SEED_TOKEN || "e2e-seed-token-for-tests-only";
// Per port, so e2e runs on different ports never share a database or a build folder.
const DATA_DIR = `.test-data/e2e-${PORT}`;

function browserLaunch() {
  let bundled = "";
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = "";
  }
  if (bundled && fs.existsSync(bundled)) return {};
  const system = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p));
  if (!system) throw new Error("No browser: run `npx playwright install chromium` or `apt-get install chromium`");
  return {
    executablePath: system,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  };
}

export default defineConfig({
  testDir: "e2e",
  // Per port, so a second run beside this one never deletes this run's traces.
  outputDir: process.env.E2E_PORT ? `test-results/e2e-${PORT}` : "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: browserLaunch(),
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: browserLaunch() } }],
  webServer: {
    command: `node -e "require('fs').rmSync('${DATA_DIR}',{recursive:true,force:true})" && npx tsx scripts/start.ts`,
    // /login, not /api/health: health is 503 while a stand-in is down, and the suite shows why.
    url: `http://localhost:${PORT}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    // SIGTERM to the group lets scripts/start.ts stop every service it started (SIGKILL would orphan them).
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      DATA_DIR,
      // Another port (a second run beside this one) builds into its own folder; the default shares `.next`
      // with `npm start` (and keeps Next from adding a folder of its own to tsconfig.json).
      ...(process.env.E2E_PORT ? { NEXT_DIST_DIR: `.next-e2e-${PORT}` } : {}),
      E2E_SEED_TOKEN,
      INNGEST_PORT: String(PORT + 5188),
      RESEND_SINK_PORT: String(PORT + 25),
      // Small provider batches, so a blast of 60 is 12 requests and the pause spec's gate holds it mid-way
      // (with 100 a request, every recipient would be claimed in the first one).
      PROVIDER_BATCH_SIZE: "5",
    },
  },
});
