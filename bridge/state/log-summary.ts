// What the request log keeps of a request body: a bounded summary, credentials removed, never the body itself.

const SECRET_KEYS = /^(auth|password|passwd|pwd|api_?key|token|secret|authorization|x-api-key)$/i;

/** Bounds of a summary: how deep, how many keys or items per level, how long a string or key, how large in all. */
const MAX_DEPTH = 6;
const MAX_ENTRIES = 50;
const MAX_STRING = 500;
const MAX_KEY = 100;
/** About the characters of the summary's JSON; past it, values are left out. Talkdesk's bodies take a few hundred. */
const MAX_SIZE = 4096;

/** What is left of MAX_SIZE, and whether anything was cut, redacted or left out (the summary then differs from the body). */
interface Budget { left: number; changed: boolean }

/**
 * A copy of a parsed JSON body fit to keep: objects and arrays deeper than MAX_DEPTH become a note of their size,
 * past MAX_ENTRIES keys or items the rest is counted, long strings and keys are cut, and once about MAX_SIZE
 * characters are used the remaining values are left out. `auth` and password-like keys are replaced at any depth.
 */
export function summarizeBody(value: unknown): unknown {
  return summarizeBodyExactly(value).summary;
}

/** The summary, and whether it holds the body whole (nothing cut, redacted or left out), as a replay needs. */
export function summarizeBodyExactly(value: unknown): { summary: unknown; exact: boolean } {
  const budget: Budget = { left: MAX_SIZE, changed: false };
  const summary = summarize(value, 0, budget);
  return { summary, exact: !budget.changed };
}

function summarize(value: unknown, depth: number, budget: Budget): unknown {
  if (budget.left <= 0) {
    budget.changed = true;
    return '[left out]';
  }
  if (typeof value === 'string') return cut(value, MAX_STRING, budget);
  if (value === null || typeof value !== 'object') {
    budget.left -= 8;
    return value;
  }
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH) return note(`[array of ${value.length} items]`, budget);
    const items: unknown[] = [];
    for (let index = 0; index < value.length && index < MAX_ENTRIES && budget.left > 0; index += 1) {
      items.push(summarize(value[index], depth + 1, budget));
    }
    if (items.length < value.length) {
      items.push(`[${value.length - items.length} more items]`);
      budget.changed = true;
    }
    budget.left -= 2;
    return items;
  }
  return summarizeObject(value as Record<string, unknown>, depth, budget);
}

function summarizeObject(value: Record<string, unknown>, depth: number, budget: Budget): unknown {
  if (depth >= MAX_DEPTH) return note(`[object of ${Object.keys(value).length} keys]`, budget);
  const entries: Array<[string, unknown]> = [];
  let truncated = false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (entries.length >= MAX_ENTRIES || budget.left <= 0) {
      truncated = true;
      break;
    }
    const name = cut(key, MAX_KEY, budget);
    const secret = SECRET_KEYS.test(key);
    if (secret) budget.changed = true;
    entries.push([name, secret ? '[redacted]' : summarize(value[key], depth + 1, budget)]);
  }
  if (truncated) {
    entries.push(['[more]', `${Object.keys(value).length - entries.length} more keys`]);
    budget.changed = true;
  }
  budget.left -= 2;
  // fromEntries defines each key as an own property, a "__proto__" key included.
  return Object.fromEntries(entries);
}

/** A text cut by an earlier summary: its first `max` characters, then the note of its length. */
const CUT_NOTE = /^… \(\d+ characters\)$/;

function cut(text: string, max: number, budget: Budget): string {
  // Summarizing a summary again (the log's writer bounds relayed entries once more) keeps its notes as they are.
  const longer = text.length > max && !CUT_NOTE.test(text.slice(max));
  const kept = longer ? `${text.slice(0, max)}… (${text.length} characters)` : text;
  if (longer) budget.changed = true;
  budget.left -= kept.length + 3;
  return kept;
}

function note(text: string, budget: Budget): string {
  budget.changed = true;
  budget.left -= text.length + 2;
  return text;
}
