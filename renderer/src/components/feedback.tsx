// Messages: errors with their problems in words, notices, empty states, and a copy button.
import { useState, type ReactNode } from 'react';

export function ErrorBox({ message, problems = [] }: { message?: string; problems?: string[] }) {
  if (!message && problems.length === 0) return null;
  return (
    <div className="error-box" role="alert">
      {message ? <p>{message}</p> : null}
      {problems.length > 0 ? <ul>{problems.map((problem) => <li key={problem}>{problem}</li>)}</ul> : null}
    </div>
  );
}

/** A refused preview or dry run: its one problem, or the list of them (the summary would repeat the first). */
export function ProblemsBox({ error }: { error?: { message: string; problems: string[] } }) {
  if (!error) return null;
  return error.problems.length > 1 ? <ErrorBox message="Not ready yet: fix these first." problems={error.problems} /> : <ErrorBox message={error.message} />;
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'warn' | 'ok'; children: ReactNode }) {
  return <div className={`notice notice-${kind}`} role={kind === 'warn' ? 'status' : undefined}>{children}</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without clipboard permission (plain http pages in some browsers), fall back to a selection copy.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button type="button" className="secondary" onClick={() => { void writeClipboard(text).then(() => setCopied(true)); }}>
      {copied ? 'Copied ✓' : label}
      <span className="visually-hidden" aria-live="polite">{copied ? ' copied to the clipboard' : ''}</span>
    </button>
  );
}
