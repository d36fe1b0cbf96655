// One Deskbridge per user: a second launch focuses the running one's window and exits.
/** The part of Electron's app the lock uses. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
}

/** Takes the lock; returns false when another instance holds it (this one must then quit). */
export function claimSingleInstance(app: SingleInstanceApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => focusExisting());
  return true;
}

/** The part of a BrowserWindow that focusing uses. */
export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** Brings a window to the front, restoring it when minimised. */
export function focusWindow(window: FocusableWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
