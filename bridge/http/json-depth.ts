// How deeply JSON text nests, read from its UTF-8 bytes before anything parses it.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Whether objects and arrays in UTF-8 JSON text nest deeper than `limit` (the top-level object is depth 1).
 * Brackets inside strings do not count; escaped quotes do not end a string. UTF-8 never uses an ASCII byte inside a
 * multi-byte character, so bytes can be read one by one. Malformed text is left for JSON.parse to refuse.
 */
export function nestsDeeperThan(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  const end = bytes.length;
  for (let index = 0; index < end; index += 1) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      index = closingQuote(bytes, index + 1);
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth += 1;
      if (depth > limit) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return false;
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
