// Field references: a bare column name, or a template such as "{first_name} {last_name}".
import type { Value } from '../../connectors/index.js';

/** A parsed field reference; `refs` are the names it reads. */
export interface Template {
  readonly source: string;
  readonly refs: readonly string[];
  /** A bare column name (no braces): the value passes through with its type. */
  readonly isColumn: boolean;
  /** Values are URL-encoded (the template starts with http:// or https://). */
  readonly encodes: boolean;
  /** Literal text before the first placeholder and after the last one. */
  readonly prefix: string;
  readonly suffix: string;
  /** Each placeholder with the literal that separates it from the one before. */
  readonly slots: ReadonlyArray<{ ref: string; separator: string }>;
  /** The names the slots read, in slot order (a name may recur). */
  readonly slotRefs: readonly string[];
}

/** The values a template reads, by name. */
export type Values = Readonly<Record<string, Value | undefined>>;

/** Parses a field reference; throws an Error naming the problem for unbalanced braces. */
export function parseTemplate(source: string): Template {
  if (!source.includes('{') && !source.includes('}')) {
    return { source, refs: [source], isColumn: true, encodes: false, prefix: '', suffix: '', slots: [{ ref: source, separator: '' }], slotRefs: [source] };
  }
  const slots: Array<{ ref: string; separator: string }> = [];
  const pattern = /\{([^{}]*)\}/g;
  let position = 0;
  let prefix = '';
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    const literal = source.slice(position, match.index);
    if (/[{}]/.test(literal)) throw new Error(`"${source}" has an unbalanced brace`);
    const ref = match[1]!.trim();
    if (!ref) throw new Error(`"${source}" has an empty {} placeholder`);
    if (slots.length === 0) prefix = literal;
    slots.push({ ref, separator: slots.length === 0 ? '' : literal });
    position = match.index + match[0].length;
  }
  const suffix = source.slice(position);
  if (slots.length === 0 || /[{}]/.test(suffix)) throw new Error(`"${source}" has an unbalanced brace`);
  const refs = [...new Set(slots.map((slot) => slot.ref))];
  return { source, refs, isColumn: false, encodes: /^https?:\/\//i.test(source), prefix, suffix, slots, slotRefs: slots.map((slot) => slot.ref) };
}

function present(value: Value | undefined): value is Value {
  return value !== undefined && (typeof value !== 'string' || value.trim() !== '');
}

/**
 * Renders a template. Missing or empty placeholders are dropped together with the separator before them
 * ("{street}, {city}" with no street gives "Lisbon"); when every placeholder is missing the result is undefined.
 * Values are inserted once, never re-expanded, so a value containing "{x}" stays literal.
 */
export function renderTemplate(template: Template, values: Values): Value | undefined {
  if (template.isColumn) return trimmed(values[template.source]);
  return renderSlots(template, values, template.slotRefs);
}

/** A value as a field takes it: strings trimmed, blanks undefined. */
function trimmed(value: Value | undefined): Value | undefined {
  return present(value) ? (typeof value === 'string' ? value.trim() : value) : undefined;
}

/**
 * Renders a template whose slot number `slot` holds `values[at[slot]]`: a name in a row object, or a position in an
 * array row. A sync renders millions: nothing here is made per row but the text itself.
 */
function renderSlots<K extends string | number>(
  template: Template, values: Readonly<Record<K, Value | undefined>>, at: readonly K[],
): Value | undefined {
  let body = '';
  for (let slot = 0; slot < template.slots.length; slot += 1) {
    const value = values[at[slot]!];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value.trim() : String(value);
    if (text === '') continue;
    // The separator goes only between two values that are both there.
    if (body !== '') body += template.slots[slot]!.separator;
    body += template.encodes ? encodeURIComponent(text) : text;
  }
  if (body === '') return undefined;
  // The body starts and ends with a trimmed value: only literal text around it can add spaces to trim.
  if (template.prefix === '' && template.suffix === '') return body;
  return (template.prefix + body + template.suffix).trim() || undefined;
}

/** A template rendered from rows given as arrays in `columns` order (a sync page's rows). */
export type BoundTemplate = (values: ReadonlyArray<Value | undefined>) => Value | undefined;

/** Binds a template to where its columns are in an array row: lookups by position, not by name, millions of times. */
export function bindTemplate(template: Template, columns: readonly string[]): BoundTemplate {
  const positions = template.slots.map((slot) => {
    const position = columns.indexOf(slot.ref);
    if (position < 0) throw new Error(`the column "${slot.ref}" is not among the columns read`);
    return position;
  });
  if (template.isColumn) {
    const position = positions[0]!;
    return (values) => trimmed(values[position]);
  }
  return (values) => renderSlots(template, values, positions);
}
