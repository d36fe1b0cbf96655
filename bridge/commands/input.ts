// Reading what a command takes from standard input (secret values, passphrases), never from arguments that land in shell history.

/** All of standard input, without its final line break. */
export async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
