// Reading what a command takes from standard input (secret values, passphrases), never from arguments that land in shell history.
import { createInterface } from 'node:readline';

/** All of standard input, without its final line break. */
export async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** The first line of standard input: at a terminal the user types it and presses Enter; from a pipe or file, its first line. */
export async function readFirstLine(): Promise<string> {
  const reader = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of reader) return line.replace(/\r$/, '');
    return '';
  } finally {
    reader.close();
  }
}
