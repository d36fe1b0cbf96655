// The real machine for the service manager: files, programs (run without a shell) and a yes/no question on the terminal.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { ServiceHost } from './manager.js';

/** Where the yes/no question is asked: the process's own terminal, unless a test gives streams of its own. */
export interface QuestionStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export function systemHost(terminal: QuestionStreams = { input: process.stdin, output: process.stderr }): ServiceHost {
  return {
    run: (command) => new Promise((resolve) => {
      execFile(command.program, command.args, { windowsHide: true, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
        resolve({ code, output: `${stdout}${stderr}${error && code === 127 ? error.message : ''}` });
      });
    }),
    writeFile: async (file, content, mode) => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content, { mode });
    },
    copyFile: async (from, to) => {
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.copyFile(from, to);
    },
    makeDirectory: async (directory) => { await fs.mkdir(directory, { recursive: true, mode: 0o700 }); },
    remove: (file) => fs.rm(file, { recursive: true, force: true }),
    exists: (file) => fs.access(file).then(() => true, () => false),
    confirm: async (question, fallback) => {
      // Run from a script, a scheduler or the desktop app's elevated prompt, nobody can answer: the default stands.
      if (!terminal.input.isTTY) return fallback;
      const reader = createInterface({ input: terminal.input, output: terminal.output });
      try {
        const answer = (await reader.question(question)).trim().toLowerCase();
        return answer === '' ? fallback : answer.startsWith('y');
      } finally {
        reader.close();
      }
    },
  };
}
