// How a module of this package is started as a process of its own, from the compiled build or from sources.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled module as shipped; from sources, the TypeScript file beside it with tsx's loader. This process's own
 * flags do not carry over (a debugger's port, the test runner's options and their values). `compiled` is the
 * module's `.js` URL, resolved against the caller's own.
 */
export function processEntry(compiled: URL): { path: string; execArgv: string[] } {
  const path = fileURLToPath(compiled);
  if (existsSync(path)) return { path, execArgv: [] };
  return { path: path.replace(/\.js$/, '.ts'), execArgv: ['--import', import.meta.resolve('tsx')] };
}

/**
 * The environment a reading process runs in: as plain Node, also when this process is Electron's, and without the
 * bridge's own settings (the master key among them), which it has no use for.
 */
export function childEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept = Object.entries(env).filter(([name]) => !name.startsWith('DESKBRIDGE_'));
  return { ...Object.fromEntries(kept), ELECTRON_RUN_AS_NODE: '1' };
}
