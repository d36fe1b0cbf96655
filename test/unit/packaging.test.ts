// electron-builder.yml: valid for electron-builder, signing and updates from the environment only, and a packaged file list
// that holds the bridge, its worker scripts, the UI and the native modules (unpacked from the asar, where they can load).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);

interface BuilderConfig {
  files: Array<string | { filter: string[] }>; asarUnpack: string[]; asar: boolean; npmRebuild: boolean;
  publish: Array<{ provider: string; url?: string }>;
  win: { signtoolOptions?: Record<string, unknown>; verifyUpdateCodeSignature?: boolean };
  mac: { notarize?: boolean; hardenedRuntime?: boolean; entitlements?: string };
}

// electron-builder loads and checks its configuration in a child process of its own: its logger writes to stdout, which
// the test runner reads as its own message stream, and a stray write there fails the whole file.
const LOAD_CONFIG = `
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');
(async () => {
  const config = await getConfig(process.argv[1], 'electron-builder.yml', null);
  // electron-builder's own schema check: a wrong key or type fails here as it would fail \`npm run dist\`.
  await validateConfiguration(config, new DebugLogger(false));
  process.stdout.write('\\n' + JSON.stringify(config) + '\\n');
})().catch((error) => { process.stderr.write(String(error?.message ?? error)); process.exitCode = 1; });
`;

async function loadConfig(): Promise<BuilderConfig> {
  const { stdout } = await execFileAsync(process.execPath, ['-e', LOAD_CONFIG, ROOT], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  // The configuration is the last line; electron-builder's log lines come before it.
  return JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as BuilderConfig;
}

/** electron-builder's rule for `files`: a path is packed when a pattern matches it and no later "!" pattern excludes it. */
function packed(entries: BuilderConfig['files'], file: string): boolean {
  // getConfig normalizes the list to file sets: { filter: [...] } relative to the app directory.
  const patterns = entries.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.filter));
  let included = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) { if (minimatch(file, pattern.slice(1), { dot: true })) included = false; }
    else if (minimatch(file, pattern, { dot: true })) included = true;
  }
  return included;
}

const unpacked = (patterns: string[], file: string) => patterns.some((pattern) => minimatch(file, pattern, { dot: true, matchBase: !pattern.includes('/') }));

function sourcesUnder(directory: string): string[] {
  return readdirSync(path.join(ROOT, directory), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.c?ts$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => path.posix.join(directory, file.split(path.sep).join('/')));
}

/** What `npm run build` writes for the sources (tsc: .ts → .js, .cts → .cjs; vite: the UI). */
function builtFiles(): string[] {
  const compiled = ['main', 'bridge', 'connectors'].flatMap(sourcesUnder).map((file) => `dist/${file.replace(/\.cts$/, '.cjs').replace(/\.ts$/, '.js')}`);
  return [...compiled, 'dist/renderer/index.html', 'dist/renderer/assets/index-0a1b2c.js', 'dist/renderer/assets/index-0a1b2c.css'];
}

function nativeFiles(directory: string): string[] {
  const full = path.join(ROOT, directory);
  try { statSync(full); } catch { return []; }
  return readdirSync(full, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.node')).map((file) => path.posix.join(directory, file.split(path.sep).join('/')));
}

test('electron-builder accepts the configuration; updates and signing come from the environment, with no secret in the file', async () => {
  const config = await loadConfig();
  assert.deepEqual(config.publish, [{ provider: 'generic', url: '${env.DESKBRIDGE_UPDATE_URL}', channel: 'latest' }]);
  assert.equal(config.win.verifyUpdateCodeSignature, true);
  assert.equal(config.win.signtoolOptions?.publisherName, undefined, 'the publisher is the signing certificate\'s subject');
  assert.deepEqual([config.mac.notarize, config.mac.hardenedRuntime, config.mac.entitlements], [true, true, 'main/assets/entitlements.mac.plist']);
  const text = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
  const settings = text.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n');
  assert.doesNotMatch(settings, /certificateFile|certificatePassword|certificateSha1|cscLink|cscKeyPassword|appleId|\.p12|\.pfx/i, 'certificates and passwords come from the build machine');
  assert.equal(config.npmRebuild, true, 'native modules are rebuilt for Electron\'s ABI');
});

/** The key paths of every string in the configuration that names an environment variable (`${env.NAME}`). */
function environmentReferences(value: unknown, at: string[] = []): string[][] {
  if (typeof value === 'string') return value.includes('${env.') ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => environmentReferences(item, [...at, String(index)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => environmentReferences(item, [...at, key]));
  return [];
}

test('`${env.…}` appears only in `publish`, the one place electron-builder expands it into what the app reads', async () => {
  // electron-builder runs its macro expansion (app-builder-lib/out/util/macroExpander.js) on the publish options
  // (publish/PublishManager.js, expandPublishConfig), artifact names, directories.output, nsis.shortcutName and
  // uninstallDisplayName and file patterns; every other value is used as written. A signtoolOptions.publisherName of
  // "${env.X}" reached app-update.yml as that text, and the updater refused every installer's signature against it.
  const references = environmentReferences(await loadConfig());
  assert.ok(references.length > 0, 'the update URL comes from the environment');
  for (const at of references) assert.ok(at.includes('publish'), `${at.join('.')} names an environment variable outside publish`);
});

test('the packaged files hold the shell, the bridge, its worker scripts, the connectors and the UI, without source maps', async () => {
  const config = await loadConfig();
  const built = builtFiles();
  for (const file of [...built, 'main/assets/icon.png', 'main/assets/tray-online@2x.png', 'package.json']) {
    assert.ok(packed(config.files, file), `${file} is packaged`);
  }
  for (const entry of ['dist/main/app.js', 'dist/main/preload.cjs', 'dist/bridge/cli.js', 'dist/bridge/sync/page-worker.js', 'dist/bridge/cluster/public-process.js', 'dist/connectors/index.js']) {
    assert.ok(built.includes(entry), `${entry} is built from the sources`);
  }
  assert.ok(!packed(config.files, 'dist/bridge/cli.js.map'), 'no source maps');
  assert.ok(!packed(config.files, 'bridge/cli.ts') && !packed(config.files, 'test/unit/packaging.test.ts'), 'no sources or tests');
});

test('every native module of the production dependencies, and WinSW, is unpacked from the asar', async () => {
  const config = await loadConfig();
  assert.equal(config.asar, true);
  const natives = ['node_modules/better-sqlite3', 'node_modules/ssh2', 'node_modules/cpu-features', 'node_modules/@ngrok'].flatMap(nativeFiles);
  assert.ok(natives.some((file) => file.endsWith('better_sqlite3.node')), 'better-sqlite3\'s addon is found (it is built at install)');
  for (const file of natives) assert.ok(unpacked(config.asarUnpack, file), `${file} is unpacked`);
  assert.ok(unpacked(config.asarUnpack, 'node_modules/better-sqlite3/lib/database.js'), 'better-sqlite3 loads its addon by a path beside its own files');
  assert.ok(unpacked(config.asarUnpack, 'node_modules/node-windows/bin/winsw/winsw.exe'));
  assert.ok(!unpacked(config.asarUnpack, 'dist/bridge/cli.js'), 'the app\'s own code stays in the asar');
});
