// Runs the bundled deskbridge command (service status, export) with the app's own runtime, and reads its JSON lines.
import { spawn } from 'node:child_process';
import type { ElevatedCommand } from './elevation.js';

/** What a command printed: its exit code, its JSON event lines and its notes on stderr. */
export interface CliResult {
  code: number;
  lines: Array<Record<string, unknown>>;
  stderr: string;
}

/** The bundled CLI, run as the user or (through an elevation runner) as administrator. */
export interface BridgeCli {
  /** The command line that runs the CLI with these arguments, for an elevation runner. */
  command(args: string[]): ElevatedCommand;
  /** Runs the CLI as the user, with `input` on its standard input. */
  run(args: string[], input?: string): Promise<CliResult>;
}

function parseLines(text: string): Array<Record<string, unknown>> {
  return text.split('\n').flatMap((line) => {
    if (!line.trim().startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/**
 * The CLI at `entry`, run by `runtime` (Electron's executable runs it as plain Node with ELECTRON_RUN_AS_NODE=1).
 * `env` goes to the user's runs only (it holds the master key export needs); the elevated one gets just the runtime switch.
 */
export function bundledCli(runtime: string, entry: string, env: Record<string, string>): BridgeCli {
  const runtimeEnv = { ELECTRON_RUN_AS_NODE: '1' };
  return {
    command: (args) => ({ program: runtime, args: [entry, ...args], env: runtimeEnv }),
    run: (args, input) => new Promise((resolve) => {
      const child = spawn(runtime, [entry, ...args], { env: { ...env, ...runtimeEnv }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
      child.on('error', (error) => resolve({ code: 127, lines: [], stderr: error.message }));
      child.on('close', (code) => resolve({ code: code ?? 1, lines: parseLines(stdout), stderr }));
      child.stdin.end(input === undefined ? '' : `${input}\n`);
    }),
  };
}
