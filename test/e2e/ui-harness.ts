// Drives Debian's chromium (playwright-core) against a bridge started in-process on a fresh data directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { BridgeOptions } from '../../bridge/bridge.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.DESKBRIDGE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SHOTS = path.join(ROOT, 'test-results');

function newestModification(directory: string): number {
  return readdirSync(directory).reduce((newest, entry) => {
    const full = path.join(directory, entry);
    const stats = statSync(full);
    return Math.max(newest, stats.isDirectory() ? newestModification(full) : stats.mtimeMs);
  }, 0);
}

function uiIsFresh(): boolean {
  const built = path.join(ROOT, 'dist/renderer/index.html');
  // The UI bundles the bridge's contract (bridge/contract and the connector.ts it imports) besides its own sources.
  const sources = Math.max(
    newestModification(path.join(ROOT, 'renderer/src')), newestModification(path.join(ROOT, 'bridge/contract')),
    statSync(path.join(ROOT, 'renderer/index.html')).mtimeMs, statSync(path.join(ROOT, 'connectors/connector.ts')).mtimeMs,
  );
  return existsSync(built) && statSync(built).mtimeMs >= sources;
}

/**
 * Builds the UI into dist/renderer when it is missing or older than its sources. UI test files run in parallel
 * processes, and a build empties dist/renderer first: one process builds at a time (a lock directory), and the
 * others wait for it, bounded, then find the UI fresh.
 */
export function ensureUiBuilt(): void {
  if (uiIsFresh()) return;
  const lock = path.join(ROOT, 'dist/.renderer-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than any build is left by a killed run.
      if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Another test process has been building the UI for 3 minutes (${lock}); remove the lock if no build runs.`);
      // Waiting on another process (its build), not on this one: a bounded synchronous pause between checks.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (uiIsFresh()) return;
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`The UI build failed:\n${result.stderr}${result.stdout}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A missing browser skips visibly, unless the environment requires every service. */
export function skipWithoutChromium(t: TestContext): boolean {
  if (existsSync(CHROMIUM)) return false;
  const reason = `chromium is not installed at ${CHROMIUM}`;
  if (process.env.DESKBRIDGE_REQUIRE_SERVICES === '1') throw new Error(reason);
  t.skip(reason);
  return true;
}

export interface UiSession {
  bridge: TestBridge;
  page: Page;
  context: BrowserContext;
  /** The admin URL with its token, as the CLI prints it. */
  adminUrl: string;
  /** Saves test-results/<prefix>-<name>.png of what a 1024×700 window shows, scrolled to `focus` when given. */
  shot(name: string, focus?: Locator): Promise<void>;
  clipboard(): Promise<string>;
  close(): Promise<void>;
}

/** `bridge`: the bridge's options, e.g. its tunnel tuning (test doubles of the tunnel's services). */
export async function startUiSession(prefix: string, bridgeOptions: Partial<BridgeOptions> = {}): Promise<UiSession> {
  ensureUiBuilt();
  mkdirSync(SHOTS, { recursive: true });
  const bridge = await startTestBridge({ bridge: bridgeOptions });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const adminUrl = bridge.bridge.adminUrl;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(adminUrl).origin });
    const page = await context.newPage();
    const opened = browser;
    return {
      bridge, page, context, adminUrl,
      shot: async (name, focus) => {
        await focus?.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, `${prefix}-${name}.png`) });
      },
      clipboard: () => page.evaluate<string>('navigator.clipboard.readText()'),
      async close() {
        await opened.close();
        await bridge.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await bridge.close();
    throw error;
  }
}
