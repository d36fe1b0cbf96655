// Calls sent to another thread or process and awaited here by id, each with an optional deadline; errors cross in one shape.
import { ConnectorError, isConnectorErrorCode } from './errors.js';

/**
 * An error as it crosses to another thread or process: its message, and the code, retry hint and details of an error
 * that has them. Each side turns it back into its own error type (a connector error keeps its code here).
 */
export interface CallError { message: string; code?: string; retryAfterSeconds?: number; details?: Record<string, unknown> }

/** A call's answer as it comes back: its value, or the error it raised. */
export type CallReply<T> = { id: number; value: T } | { id: number; error: CallError };

export function toCallError(error: unknown): CallError {
  const coded = (error ?? {}) as { code?: unknown; retryAfterSeconds?: unknown; details?: unknown };
  return {
    message: error instanceof Error ? error.message : String(error),
    code: typeof coded.code === 'string' ? coded.code : undefined,
    retryAfterSeconds: typeof coded.retryAfterSeconds === 'number' ? coded.retryAfterSeconds : undefined,
    details: typeof coded.details === 'object' && coded.details !== null ? coded.details as Record<string, unknown> : undefined,
  };
}

export function fromCallError(error: CallError): Error {
  if (isConnectorErrorCode(error.code)) return new ConnectorError(error.code, error.message);
  return new Error(error.message);
}

interface Waiting<T> { resolve: (value: T) => void; reject: (error: Error) => void; timer?: NodeJS.Timeout }

/** The calls awaiting an answer from one thread or process. */
export class PendingCalls<T> {
  private readonly waiting = new Map<number, Waiting<T>>();
  private nextId = 1;

  /** `decode` turns an error that crossed back into the caller's own error type. */
  constructor(private readonly decode: (error: CallError) => Error = fromCallError) {}

  get size(): number {
    return this.waiting.size;
  }

  /**
   * A new call: `send` gets its id. Past `deadlineMs` without an answer, `onDeadline` runs: it fails the call
   * (`fail(id, …)`), or every call with the thread or process it ends (`failAll`). Without a deadline, the call
   * waits until answered or failed.
   */
  add(send: (id: number) => void, deadline?: { ms: number; onDeadline: (id: number) => void }): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = deadline && setTimeout(() => deadline.onDeadline(id), deadline.ms);
      this.waiting.set(id, { resolve, reject, timer });
      send(id);
    });
  }

  /** Hands an answer to its call; an answer nobody waits for any more (failed meanwhile) is dropped. */
  settle(reply: CallReply<T>): void {
    const waiting = this.take(reply.id);
    if (!waiting) return;
    if ('error' in reply) waiting.reject(this.decode(reply.error));
    else waiting.resolve(reply.value);
  }

  /** Fails one call, if it still waits. */
  fail(id: number, error: Error): void {
    this.take(id)?.reject(error);
  }

  /** Fails every call still waiting with `error`. */
  failAll(error: Error): void {
    for (const id of [...this.waiting.keys()]) this.fail(id, error);
  }

  private take(id: number): Waiting<T> | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return undefined;
    this.waiting.delete(id);
    clearTimeout(waiting.timer);
    return waiting;
  }
}
