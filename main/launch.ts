// `npm start`: opens the desktop app when Electron's binary is installed, otherwise serves headless with a note.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The process to start, and what to tell the user first. */
export interface LaunchPlan {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  note: string | undefined;
}

/** The installed `electron` package's folder, or undefined when it is not installed. */
export function electronPackageDir(requireModule: NodeJS.Require): string | undefined {
  try {
    return path.dirname(requireModule.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * The Electron binary's path, or why there is none. Read from the package's path.txt rather than by requiring it:
 * requiring `electron` downloads a missing binary on the spot (since Electron 45), which on a machine without one
 * means a network attempt and a stack trace on every start.
 */
export function findElectronBinary(packageDir: string | undefined, env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  if (!packageDir) return { missing: 'the electron package is not installed' };
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'its binary was not downloaded when the package was installed' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative) : path.join(packageDir, 'dist', relative);
  return existsSync(binary) ? { path: binary } : { missing: `its binary is missing (${binary})` };
}

/** Chooses between the desktop app and the headless bridge (pure, so it is tested without spawning). */
export function planLaunch(options: { electron: ReturnType<typeof findElectronBinary>; distDir: string; nodePath: string; args: string[]; env: NodeJS.ProcessEnv }): LaunchPlan {
  const { electron, distDir, args } = options;
  // Started from npm, Electron must run as the app, not as Node.
  const env = { ...options.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if ('path' in electron) {
    return { command: electron.path, args: [path.join(distDir, 'main', 'app.js'), ...args], env, note: undefined };
  }
  const note = [
    `deskbridge: Electron is not installed (${electron.missing}), so there is no desktop window.`,
    'deskbridge: starting the bridge headless instead; open the "adminUrl" it prints below in any browser to use the UI.',
  ].join('\n');
  return { command: options.nodePath, args: [path.join(distDir, 'bridge', 'cli.js'), 'serve', ...args], env, note };
}

function run(plan: LaunchPlan): void {
  // The note goes to stderr: stdout carries the bridge's JSON lines.
  if (plan.note) process.stderr.write(`${plan.note}\n`);
  const child = spawn(plan.command, plan.args, { stdio: 'inherit', env: plan.env });
  // Ctrl+C reaches the child through the terminal; SIGTERM from a supervisor is passed on.
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  process.on('SIGINT', () => undefined);
  child.on('error', (error) => {
    process.stderr.write(`deskbridge: could not start ${plan.command}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const electron = findElectronBinary(electronPackageDir(createRequire(import.meta.url)));
  run(planLaunch({ electron, distDir, nodePath: process.execPath, args: process.argv.slice(2), env: process.env }));
}
