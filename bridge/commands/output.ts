// CLI output: one JSON object per line on stdout (what other programs parse); human notes on stderr.

export function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
