// How deeply and how widely JSON text nests, read from its UTF-8 bytes before anything parses it.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

export interface JsonLimits {
  /** Levels of objects and arrays; the top-level object is level 1. */
  maxDepth: number;
  /** Members of one object or items of one array. */
  maxMembers: number;
}

/**
 * The first limit UTF-8 JSON text goes past, if any. Brackets and commas inside strings do not count; escaped
 * quotes do not end a string. UTF-8 never uses an ASCII byte inside a multi-byte character, so bytes can be read one
 * by one. Malformed text is left for JSON.parse to refuse.
 */
export function jsonPastLimits(bytes: Uint8Array, limits: JsonLimits): 'too_deep' | 'too_wide' | undefined {
  // Commas seen in the open container at each level.
  const commas = new Int32Array(limits.maxDepth + 2);
  let depth = 0;
  const end = bytes.length;
  for (let index = 0; index < end; index += 1) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      index = closingQuote(bytes, index + 1);
    } else if (byte === COMMA) {
      if (depth > 0 && ++commas[depth]! >= limits.maxMembers) return 'too_wide';
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth += 1;
      if (depth > limits.maxDepth) return 'too_deep';
      commas[depth] = 0;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (depth > 0) depth -= 1;
    }
  }
  return undefined;
}

/** The index of the quote that ends a string whose text starts at `from` (the text's end when it never closes). */
function closingQuote(bytes: Uint8Array, from: number): number {
  let index = from;
  for (;;) {
    // A native search for the next quote: long strings (the usual bulk of a large body) are skipped fast.
    const quote = bytes.indexOf(QUOTE, index);
    if (quote < 0) return bytes.length;
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && bytes[quote - backslashes - 1] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    index = quote + 1;
  }
}
