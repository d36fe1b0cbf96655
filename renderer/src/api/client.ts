// The admin API client: reads the launch token once, keeps it for the tab, sends it as a Bearer header.
import type { ZodType } from 'zod';
import { profileSchema, statusSchema, tunnelStatusSchema } from '../../../bridge/contract/index.js';

const TOKEN_KEY = 'deskbridge-token';

/** Takes `?token=` from the address bar into sessionStorage and removes it from the visible URL. */
export function adoptToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** A problem the admin API places on a field: where it is, and what to do in words. */
export interface FieldProblem { path: Array<string | number>; message: string }

/** An error answer of the admin API: its code, human message and, for invalid input, each problem in words and on its field. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly problems: string[] = [], readonly fields: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
  }
}

let token = '';

/** The answers the UI builds on, checked against the bridge's contract as they arrive (by path). */
const CHECKED_ANSWERS: Record<string, ZodType> = { '/profile': profileSchema, '/status': statusSchema, '/tunnel': tunnelStatusSchema };

export function setToken(value: string): void {
  token = value;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'offline', 'Deskbridge does not answer. Is it still running?');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string; problems?: string[]; fields?: FieldProblem[] } };
  if (!response.ok) {
    const error = payload.error ?? {};
    throw new ApiError(response.status, error.code ?? 'error', error.message ?? `The bridge answered ${response.status}.`, error.problems ?? [], error.fields ?? []);
  }
  const schema = CHECKED_ANSWERS[path];
  if (!schema) return payload as T;
  const checked = schema.safeParse(payload);
  if (!checked.success) {
    const where = checked.error.issues[0]?.path.join('.') || 'the answer';
    throw new ApiError(response.status, 'unexpected_answer', `Deskbridge answered ${path} in a form this window does not know (at ${where}). Reload the window; if this stays, the app and its bridge are of different versions: reinstall Deskbridge.`);
  }
  return checked.data as T;
}

/** Fetches a file the admin API serves (a diagnostics bundle) as a Blob, with the token. */
export async function download(path: string): Promise<Blob> {
  const response = await fetch(`api${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(response.status, 'error', `The bridge answered ${response.status}.`);
  return response.blob();
}

/** The message to show for any failure. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads a server-sent event stream of the admin API with the token (EventSource cannot send it), calling `onEvent`
 * with each named event's data until `signal` aborts. Resolves when the stream ends or fails; the caller reconnects.
 */
export async function readEvents(path: string, onEvent: (name: string, data: string) => void, signal: AbortSignal): Promise<void> {
  try {
    const response = await fetch(`api${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const events = buffer.split('\n\n');
      buffer = events.pop() ?? '';
      for (const event of events) {
        const lines = event.split('\n');
        const name = lines.find((line) => line.startsWith('event: '))?.slice(7);
        const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
        if (name) onEvent(name, data);
      }
    }
  } catch {
    // Offline, aborted or cut: the caller decides whether to reconnect.
  }
}
