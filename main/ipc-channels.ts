// The few IPC channels the dashboard may use (shared by the preload and the main process).

/** Every channel the preload exposes; the main process answers only these, and only to the admin origin. */
export const IPC_CHANNELS = {
  getStartAtLogin: 'deskbridge:get-start-at-login',
  setStartAtLogin: 'deskbridge:set-start-at-login',
  setupFinished: 'deskbridge:setup-finished',
  getRunMode: 'deskbridge:get-run-mode',
  setRunMode: 'deskbridge:set-run-mode',
} as const;
