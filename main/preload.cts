// The dashboard's only bridge into the desktop shell: start-at-login, "setup finished" and the run mode, nothing else.
// A sandboxed preload cannot load modules, so it is CommonJS and keeps its channel names inline
// (they match main/ipc-channels.ts, which the main process checks against).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS: require is how it loads electron
const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

contextBridge.exposeInMainWorld('deskbridgeDesktop', {
  isDesktop: true,
  getStartAtLogin: (): Promise<boolean> => ipcRenderer.invoke('deskbridge:get-start-at-login'),
  setStartAtLogin: (enabled: boolean): Promise<void> => ipcRenderer.invoke('deskbridge:set-start-at-login', enabled === true),
  setupFinished: (): Promise<void> => ipcRenderer.invoke('deskbridge:setup-finished'),
  getRunMode: (): Promise<'app' | 'service'> => ipcRenderer.invoke('deskbridge:get-run-mode'),
  setRunMode: (mode: 'app' | 'service'): Promise<void> => ipcRenderer.invoke('deskbridge:set-run-mode', mode === 'service' ? 'service' : 'app'),
});
