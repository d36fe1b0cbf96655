// The dashboard window's security: options, CSP, navigation kept on the admin origin, IPC only from the dashboard, close-to-tray.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IPC_CHANNELS } from '../../main/ipc-channels.js';
import { isFromAdminOrigin, registerDesktopRequests, type InvokeEvent, type InvokeRegistry } from '../../main/ipc.js';
import {
  CONTENT_SECURITY_POLICY, createWindowOptions, decideNavigation, guardNavigation, keepServingOnClose, type GuardedContents,
} from '../../main/window.js';

const ADMIN = 'http://127.0.0.1:41234';

test('the window is isolated and sandboxed, with no Node in the page and no webviews', () => {
  const options = createWindowOptions('/app/dist/main/preload.cjs', '/app/main/assets/icon.png');
  const web = options.webPreferences;
  assert.ok(web);
  assert.equal(web.contextIsolation, true);
  assert.equal(web.sandbox, true);
  assert.equal(web.nodeIntegration, false);
  assert.equal(web.nodeIntegrationInWorker, false);
  assert.equal(web.nodeIntegrationInSubFrames, false);
  assert.equal(web.webSecurity, true);
  assert.equal(web.allowRunningInsecureContent, false);
  assert.equal(web.webviewTag, false);
  assert.equal(web.preload, '/app/dist/main/preload.cjs');
  assert.equal(options.show, false, 'shown on ready-to-show, never as a blank frame');
});

test('the CSP allows only the bridge itself and forbids framing, plugins, inline and eval\'d script', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name ?? '', values.join(' ')];
  }));
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('script-src'), "'self'");
  assert.equal(directives.get('connect-src'), "'self'");
  assert.equal(directives.get('frame-ancestors'), "'none'");
  assert.equal(directives.get('object-src'), "'none'");
  assert.doesNotMatch(directives.get('script-src') ?? '', /unsafe|\*/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|\*/);
});

test('navigation: the admin origin stays in the window, web links go to the browser, the rest is refused', () => {
  assert.equal(decideNavigation(`${ADMIN}/wizard?step=2`, ADMIN), 'allow');
  assert.equal(decideNavigation('https://support.talkdesk.com/hc', ADMIN), 'external');
  assert.equal(decideNavigation('mailto:it@example.org', ADMIN), 'external');
  assert.equal(decideNavigation('http://127.0.0.1:9999/', ADMIN), 'external', 'another loopback port is not the dashboard');
  assert.equal(decideNavigation('file:///etc/passwd', ADMIN), 'deny');
  assert.equal(decideNavigation('javascript:alert(1)', ADMIN), 'deny');
  assert.equal(decideNavigation('not a url', ADMIN), 'deny');
  assert.equal(decideNavigation(`${ADMIN}/`, undefined), 'external', 'with no bridge running nothing is in-app');
});

class FakeContents implements GuardedContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  readonly listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void { this.openHandler = handler; }
  on(event: string, listener: (event: { preventDefault(): void }, url: string) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  /** Fires an event and says whether the page's navigation was stopped. */
  fire(event: string, url = ''): boolean {
    let prevented = false;
    this.listeners.get(event)?.({ preventDefault: () => { prevented = true; } }, url);
    return prevented;
  }
}

test('the guards stop off-origin navigation, open external links in the browser and never open windows', () => {
  const contents = new FakeContents();
  const opened: string[] = [];
  guardNavigation(contents, { openExternal: async (url: string) => { opened.push(url); } }, () => ADMIN);
  assert.equal(contents.fire('will-navigate', `${ADMIN}/settings`), false);
  assert.equal(contents.fire('will-navigate', 'https://evil.example/'), true);
  assert.equal(contents.fire('will-redirect', 'file:///C:/Windows/'), true);
  assert.equal(contents.fire('will-attach-webview'), true);
  assert.deepEqual(contents.openHandler?.({ url: 'https://www.talkdesk.com/' }), { action: 'deny' });
  assert.deepEqual(contents.openHandler?.({ url: `${ADMIN}/popup` }), { action: 'deny' });
  assert.deepEqual(opened, ['https://evil.example/', 'https://www.talkdesk.com/']);
});

test('closing the window hides it and the bridge keeps serving; the hint shows only the first time', () => {
  let quitting = false;
  let hints = 0;
  let hidden = 0;
  let closeListener: ((event: { preventDefault(): void }) => void) | undefined;
  keepServingOnClose({ on: (_event, listener) => { closeListener = listener; }, hide: () => { hidden += 1; } }, {
    isQuitting: () => quitting, hintShown: false, onFirstHide: () => { hints += 1; },
  });
  const close = () => { let prevented = false; closeListener?.({ preventDefault: () => { prevented = true; } }); return prevented; };
  assert.equal(close(), true);
  assert.equal(close(), true);
  assert.equal(hidden, 2);
  assert.equal(hints, 1);
  quitting = true;
  assert.equal(close(), false, 'on quit the window really closes');
});

class FakeIpcMain implements InvokeRegistry {
  readonly handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void { this.handlers.set(channel, listener); }
  invoke(channel: string, fromUrl: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    assert.ok(handler, `no handler for ${channel}`);
    return handler({ senderFrame: { url: fromUrl } }, ...args);
  }
}

test('IPC answers only the dashboard on the admin origin, and checks its arguments', async () => {
  const ipc = new FakeIpcMain();
  const calls: string[] = [];
  registerDesktopRequests(ipc, {
    getStartAtLogin: async () => true,
    setStartAtLogin: async (enabled) => { calls.push(`set ${enabled}`); },
    setupFinished: async () => { calls.push('setup finished'); },
    getRunMode: async () => 'app',
    setRunMode: async (mode) => { calls.push(`run as ${mode}`); },
  }, () => ADMIN);
  assert.deepEqual([...ipc.handlers.keys()].sort(), Object.values(IPC_CHANNELS).sort());
  assert.equal(await ipc.invoke(IPC_CHANNELS.getStartAtLogin, `${ADMIN}/`), true);
  await ipc.invoke(IPC_CHANNELS.setStartAtLogin, `${ADMIN}/settings`, false);
  await ipc.invoke(IPC_CHANNELS.setupFinished, `${ADMIN}/wizard`);
  await assert.rejects(ipc.invoke(IPC_CHANNELS.setStartAtLogin, `${ADMIN}/`, 'yes'), /true or false/);
  await assert.rejects(ipc.invoke(IPC_CHANNELS.setupFinished, 'https://evil.example/'), /Refused/);
  assert.equal(await ipc.invoke(IPC_CHANNELS.getRunMode, `${ADMIN}/settings`), 'app');
  await ipc.invoke(IPC_CHANNELS.setRunMode, `${ADMIN}/settings`, 'service');
  await assert.rejects(ipc.invoke(IPC_CHANNELS.setRunMode, `${ADMIN}/settings`, 'root'), /"app" or "service"/);
  await assert.rejects(ipc.invoke(IPC_CHANNELS.setRunMode, 'https://evil.example/', 'service'), /Refused/);
  assert.deepEqual(calls, ['set false', 'setup finished', 'run as service']);
  assert.equal(isFromAdminOrigin(undefined, ADMIN), false);
  assert.equal(isFromAdminOrigin(`${ADMIN}/`, undefined), false);
});

test('the preload exposes one object whose channels are exactly the ones the main process answers', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL('../../main/preload.cts', import.meta.url), 'utf8');
  assert.equal(source.match(/exposeInMainWorld\(/g)?.length, 1);
  const channels = [...source.matchAll(/ipcRenderer\.invoke\('([^']+)'/g)].map((match) => match[1]).sort();
  assert.deepEqual(channels, Object.values(IPC_CHANNELS).sort());
  assert.doesNotMatch(source, /ipcRenderer\.(on|send|sendSync)\b|require\('(?!electron')/, 'no listening, no fire-and-forget, no other modules');
});
