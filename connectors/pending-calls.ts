// Calls sent to another thread or process and awaited here by id, each with a deadline; errors cross as code + message.
import { ConnectorError, isConnectorErrorCode } from './errors.js';

/** An error as it crosses to another thread or process: a connector error keeps its code. */
export interface CallError { message: string; code?: string }

/** A call's answer as it comes back: its value, or the error it raised. */
export type CallReply<T> = { id: number; value: T } | { id: number; error: CallError };

export function toCallError(error: unknown): CallError {
  return { message: error instanceof Error ? error.message : String(error), code: (error as { code?: string } | null)?.code };
}

export function fromCallError(error: CallError): Error {
  if (isConnectorErrorCode(error.code)) return new ConnectorError(error.code, error.message);
  return new Error(error.message);
}

interface Waiting<T> { resolve: (value: T) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }

/** The calls awaiting an answer from one thread or process; the owner ends that thread or process past a deadline. */
export class PendingCalls<T> {
  private readonly waiting = new Map<number, Waiting<T>>();
  private nextId = 1;

  get size(): number {
    return this.waiting.size;
  }

  /** A new call: `send` gets its id; past `deadlineMs` without an answer, `onDeadline` runs (and should fail it). */
  add(deadlineMs: number, onDeadline: () => void, send: (id: number) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, timer: setTimeout(onDeadline, deadlineMs) });
      send(id);
    });
  }

  /** Hands an answer to its call; an answer nobody waits for any more (failed meanwhile) is dropped. */
  settle(reply: CallReply<T>): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    clearTimeout(waiting.timer);
    if ('error' in reply) waiting.reject(fromCallError(reply.error));
    else waiting.resolve(reply.value);
  }

  /** Fails every call still waiting with `error`. */
  failAll(error: Error): void {
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.waiting.clear();
  }
}
