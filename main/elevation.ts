// Runs one command with administrator rights through the platform's own prompt (pkexec, macOS's, Windows UAC).
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What is to run elevated: a program, its arguments and the few variables it needs (the prompts drop the caller's). */
export interface ElevatedCommand {
  program: string;
  args: string[];
  env: Record<string, string>;
}

/** A program run without a shell. */
export interface PlainCommand {
  program: string;
  args: string[];
}

/** How it went: done, the user said no (or closed the prompt), or it ran and failed. */
export type ElevationResult = { outcome: 'done' | 'cancelled' | 'failed'; output: string };

/** Runs a command elevated; the shell's service switch takes one, tests pass a double. */
export interface ElevationRunner {
  run(command: ElevatedCommand): Promise<ElevationResult>;
}

/** Runs a program and resolves with its exit code and output (never rejects). */
export type ExecProgram = (command: PlainCommand) => Promise<{ code: number; output: string }>;

/** Windows' ERROR_CANCELLED: the outer PowerShell exits with it when the UAC prompt is refused. */
export const WINDOWS_CANCELLED = 1223;
/** pkexec's exit code when the user dismissed its authentication dialog. */
export const PKEXEC_DISMISSED = 126;

const posixQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
const appleScriptString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const powerShellString = (text: string) => `'${text.replace(/'/g, "''")}'`;

function powerShellEncoded(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/**
 * The command that asks for administrator rights and runs `command` with them. On Windows the elevated side cannot
 * write to our pipes, so it writes its output to `reportFile` and the exit code comes back through -PassThru.
 */
export function elevatedCommandLine(platform: NodeJS.Platform, command: ElevatedCommand, reportFile: string): PlainCommand {
  const assignments = Object.entries(command.env).map(([name, value]) => `${name}=${value}`);
  if (platform === 'linux') return { program: 'pkexec', args: ['/usr/bin/env', ...assignments, command.program, ...command.args] };
  if (platform === 'darwin') {
    const shellLine = [...Object.entries(command.env).map(([name, value]) => `${name}=${posixQuote(value)}`), ...[command.program, ...command.args].map(posixQuote)].join(' ');
    const script = `do shell script ${appleScriptString(`${shellLine} 2>&1`)} with prompt ${appleScriptString('Deskbridge needs administrator rights to change its service.')} with administrator privileges`;
    return { program: 'osascript', args: ['-e', script] };
  }
  if (platform !== 'win32') throw new Error(`Deskbridge cannot ask for administrator rights on ${platform}.`);
  // A GUI-subsystem program (Electron's) is waited for only when its output is read: the pipe to Out-File does that.
  const inner = [
    ...Object.entries(command.env).map(([name, value]) => `$env:${name} = ${powerShellString(value)}`),
    `& ${[command.program, ...command.args].map(powerShellString).join(' ')} 2>&1 | Out-File -FilePath ${powerShellString(reportFile)} -Encoding utf8`,
    'exit $LASTEXITCODE',
  ].join('; ');
  const outer = [
    'try {',
    `$p = Start-Process -FilePath 'powershell.exe' -ArgumentList '-NoProfile','-NonInteractive','-WindowStyle','Hidden','-EncodedCommand','${powerShellEncoded(inner)}' -Verb RunAs -Wait -PassThru`,
    'exit $p.ExitCode',
    `} catch { if ($_.Exception.NativeErrorCode -eq ${WINDOWS_CANCELLED}) { exit ${WINDOWS_CANCELLED} }; Write-Error $_; exit 1 }`,
  ].join(' ');
  return { program: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', outer] };
}

/** Tells a refused prompt from a failure, by each platform's own signal. */
export function classifyElevation(platform: NodeJS.Platform, code: number, output: string): ElevationResult['outcome'] {
  if (code === 0) return 'done';
  if (platform === 'linux' && code === PKEXEC_DISMISSED) return 'cancelled';
  if (platform === 'darwin' && /\(-128\)/.test(output)) return 'cancelled';
  if (platform === 'win32' && code === WINDOWS_CANCELLED) return 'cancelled';
  return 'failed';
}

/** The real runner: builds the platform's command line, runs it and reads the Windows report file. */
export function createElevationRunner(platform: NodeJS.Platform, exec: ExecProgram = execProgram): ElevationRunner {
  return {
    async run(command) {
      const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'deskbridge-elevated-'));
      const reportFile = path.join(folder, 'output.txt');
      try {
        const { code, output } = await exec(elevatedCommandLine(platform, command, reportFile));
        const report = platform === 'win32' ? await fs.readFile(reportFile, 'utf8').catch(() => '') : '';
        return { outcome: classifyElevation(platform, code, output), output: `${report}${output}`.trim() };
      } finally {
        await fs.rm(folder, { recursive: true, force: true });
      }
    },
  };
}

/** Runs a program without a shell; the prompt may wait on the user, so there is no time limit. */
export const execProgram: ExecProgram = (command) => new Promise((resolve) => {
  execFile(command.program, command.args, { windowsHide: true, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
    const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
    resolve({ code, output: `${stdout}${stderr}${error && typeof error.code !== 'number' ? error.message : ''}` });
  });
});
