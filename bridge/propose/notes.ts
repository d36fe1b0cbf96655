// The proposal's explanations: one note per decision, saying what was chosen and why, and whether the user should look.

/** A distinct value found in a column, how often it was seen in the sample, and what it is proposed to become. */
export interface ValueChoice {
  value: string;
  count: number;
  /** The Talkdesk status or priority proposed, or undefined when the proposal could not tell. */
  proposed?: string;
  reason: string;
}

export interface Note {
  /** Where the decision sits in the integration, as a path: `contacts.key`, `interactions[0].values.status`. */
  path: string;
  /** What was proposed (undefined when nothing could be). */
  value?: unknown;
  /** Why, in words an office admin follows. */
  reason: string;
  /** `check`: a guess worth a look; `missing`: the user has to decide. */
  flag?: 'check' | 'missing';
  /** For value maps: every distinct value found, with counts. */
  values?: ValueChoice[];
  /** For an interaction's contact column: a contact key that has rows there, so a preview shows something at once. */
  example?: string;
}

/** Collects notes as the proposal is built. */
export class Notes {
  readonly list: Note[] = [];

  add(path: string, value: unknown, reason: string, flag?: Note['flag'], values?: ValueChoice[], example?: string): void {
    this.list.push({ path, ...(value === undefined ? {} : { value }), reason, ...(flag ? { flag } : {}), ...(values ? { values } : {}), ...(example === undefined ? {} : { example }) });
  }
}
