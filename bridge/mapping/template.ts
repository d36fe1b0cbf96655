// Field references: a bare column name, or a template such as "{first_name} {last_name}".
import type { Value } from '../../connectors/index.js';

type Part = { literal: string } | { ref: string };

/** A parsed field reference; `refs` are the names it reads. */
export interface Template {
  readonly source: string;
  readonly parts: readonly Part[];
  readonly refs: readonly string[];
  /** A bare column name (no braces): the value passes through with its type. */
  readonly isColumn: boolean;
  /** Values are URL-encoded (the template starts with http:// or https://). */
  readonly encodes: boolean;
}

/** Parses a field reference; throws an Error naming the problem for unbalanced braces. */
export function parseTemplate(source: string): Template {
  if (!source.includes('{') && !source.includes('}')) {
    return { source, parts: [{ ref: source }], refs: [source], isColumn: true, encodes: false };
  }
  const parts: Part[] = [];
  const pattern = /\{([^{}]*)\}/g;
  let position = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    if (match.index > position) parts.push({ literal: source.slice(position, match.index) });
    const ref = match[1]!.trim();
    if (!ref) throw new Error(`"${source}" has an empty {} placeholder`);
    parts.push({ ref });
    position = match.index + match[0].length;
  }
  if (position < source.length) parts.push({ literal: source.slice(position) });
  if (parts.some((part) => 'literal' in part && /[{}]/.test(part.literal))) throw new Error(`"${source}" has an unbalanced brace`);
  const refs = [...new Set(parts.flatMap((part) => ('ref' in part ? [part.ref] : [])))];
  return { source, parts, refs, isColumn: false, encodes: /^https?:\/\//i.test(source) };
}

function present(value: Value | undefined): value is Value {
  return value !== undefined && String(value).trim() !== '';
}

/**
 * Renders a template. Missing or empty placeholders are dropped together with the separator before them
 * ("{street}, {city}" with no street gives "Lisbon"); when every placeholder is missing the result is undefined.
 * Values are inserted once, never re-expanded, so a value containing "{x}" stays literal.
 */
export function renderTemplate(template: Template, lookup: (ref: string) => Value | undefined): Value | undefined {
  if (template.isColumn) {
    const value = lookup(template.source);
    return present(value) ? (typeof value === 'string' ? value.trim() : value) : undefined;
  }
  let output = '';
  let separator = '';
  let seenValue = false;
  let leading = '';
  for (const part of template.parts) {
    if ('literal' in part) {
      separator += part.literal;
      continue;
    }
    const value = lookup(part.ref);
    if (!present(value)) {
      if (!seenValue) leading += separator;
      separator = '';
      continue;
    }
    const textValue = String(value).trim();
    output += (seenValue ? separator : leading + separator) + (template.encodes ? encodeURIComponent(textValue) : textValue);
    seenValue = true;
    separator = '';
    leading = '';
  }
  if (!seenValue) return undefined;
  const result = (output + separator).trim();
  return result || undefined;
}
