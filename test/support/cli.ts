// Runs the deskbridge CLI from the sources as a separate process, as other programs do.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bridge/cli.ts', import.meta.url));

export interface CliResult { code: number | null; lines: any[]; stdout: string; stderr: string }

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env } });
}

/** Runs a command to completion; stdout JSON lines are parsed. */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  const child = spawnCli(args, options.env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdin.end(options.input ?? '');
  const [code] = await once(child, 'close');
  // JSON lines are what programs parse; --help prints plain text.
  const lines = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  return { code, lines, stdout, stderr };
}

/** Resolves with the first stdout JSON line (the ready event of serve). */
export async function firstLine(child: ChildProcessWithoutNullStreams): Promise<any> {
  const reader = createInterface({ input: child.stdout });
  const [line] = await once(reader, 'line');
  reader.close();
  return JSON.parse(line as string);
}
