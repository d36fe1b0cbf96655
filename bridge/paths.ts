// Where Deskbridge keeps its data: the OS's per-user application data folder unless told otherwise.
import os from 'node:os';
import path from 'node:path';

/** The same folder Electron's app.getPath('userData') gives for the product name "Deskbridge". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.DESKBRIDGE_DATA_DIR) return path.resolve(env.DESKBRIDGE_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Deskbridge');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Deskbridge');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Deskbridge');
}

export function defaultProfilePath(dataDir: string): string {
  return path.join(dataDir, 'profile.json');
}

export function demoDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'demo-crm.sqlite');
}
