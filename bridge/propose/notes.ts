// The proposal's explanations: one note per decision, saying what was chosen and why, and whether the user should look.
import type { Note, ValueChoice } from '../contract/admin.js';
export type { Note, ValueChoice };

/** Collects notes as the proposal is built. */
export class Notes {
  readonly list: Note[] = [];

  add(path: string, value: unknown, reason: string, flag?: Note['flag'], values?: ValueChoice[], example?: string): void {
    this.list.push({ path, ...(value === undefined ? {} : { value }), reason, ...(flag ? { flag } : {}), ...(values ? { values } : {}), ...(example === undefined ? {} : { example }) });
  }
}
