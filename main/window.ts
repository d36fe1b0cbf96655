// The dashboard window: its security options, Content-Security-Policy, navigation rules and close-to-tray behaviour.
import type { BrowserWindowConstructorOptions, Session, Shell } from 'electron';

/**
 * Only the bridge's own origin may serve code, styles, images or answer fetches; nothing may frame the UI.
 * Inline styles are allowed (the bridge's own CSP allows them for the UI); inline or eval'd script never is.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The one permission the UI may use: writing to the clipboard (copy buttons). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Options for the dashboard window: isolated, sandboxed, no Node, no webviews. */
export function createWindowOptions(preloadPath: string, iconPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Deskbridge',
    icon: iconPath,
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export type NavigationDecision = 'allow' | 'external' | 'deny';

/** In-window navigation stays on the bridge's admin origin; web and mail links go to the system browser. */
export function decideNavigation(targetUrl: string, adminOrigin: string | undefined): NavigationDecision {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    return 'deny';
  }
  if (adminOrigin !== undefined && url.origin === adminOrigin) return 'allow';
  return ['https:', 'http:', 'mailto:'].includes(url.protocol) ? 'external' : 'deny';
}

/** The parts of a window's webContents the guards hook into. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** Keeps the window on the admin origin: new windows never open in-app; external links go to the browser. */
export function guardNavigation(contents: GuardedContents, shell: Pick<Shell, 'openExternal'>, adminOrigin: () => string | undefined): void {
  const route = (url: string): boolean => {
    const decision = decideNavigation(url, adminOrigin());
    if (decision === 'external') void shell.openExternal(url);
    return decision === 'allow';
  };
  contents.setWindowOpenHandler(({ url }) => {
    route(url);
    // Even an admin-origin link opens no second window: the dashboard is one window.
    return { action: 'deny' };
  });
  const keepOnOrigin = (event: { preventDefault(): void }, url: string): void => {
    if (!route(url)) event.preventDefault();
  };
  contents.on('will-navigate', keepOnOrigin);
  contents.on('will-redirect', keepOnOrigin);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Adds the CSP to the bridge's responses and refuses every permission but clipboard writes. */
export function hardenSession(session: Session, adminOrigin: () => string | undefined): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = adminOrigin();
    if (origin === undefined || !details.url.startsWith(`${origin}/`)) return callback({});
    const responseHeaders = { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
    callback({ responseHeaders });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}

/** The part of a BrowserWindow the close-to-tray behaviour uses. */
export interface HideableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  hide(): void;
}

/** Closing the window hides it (the bridge keeps serving) unless the app is quitting; the first time, a hint says so. */
export function keepServingOnClose(window: HideableWindow, options: { isQuitting: () => boolean; onFirstHide: () => void; hintShown: boolean }): void {
  let hintShown = options.hintShown;
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
    if (!hintShown) {
      hintShown = true;
      options.onFirstHide();
    }
  });
}
