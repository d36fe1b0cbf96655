// Crash reports stay on this computer: Electron's crash reporter writes dumps into the data folder and uploads nothing.
import path from 'node:path';
import type { App, CrashReporter } from 'electron';

/** The parts of the electron module crash reporting uses. */
export interface CrashReportingElectron {
  app: Pick<App, 'setPath'>;
  crashReporter: Pick<CrashReporter, 'start'>;
}

/** DATA_DIR/crashes: where the diagnostics bundle looks for dumps. */
export function crashDirectory(dataDir: string): string {
  return path.join(dataDir, 'crashes');
}

/** Starts the crash reporter with uploads off; call before the app is ready. Returns where dumps go. */
export function keepCrashReportsLocal(electron: CrashReportingElectron, dataDir: string): string {
  const directory = crashDirectory(dataDir);
  electron.app.setPath('crashDumps', directory);
  electron.crashReporter.start({ uploadToServer: false, ignoreSystemCrashHandler: false, rateLimit: false, compress: false });
  return directory;
}
