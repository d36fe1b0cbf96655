// Removes credentials from what goes into a diagnostics bundle: values under secret-looking keys and passwords in URLs.

const SENSITIVE_KEY = /pass(word|phrase)?|secret|token|api_?key|private_?key|authorization|credential|cookie|signature|^key$|master/i;
/** A profile names stored secrets and environment variables: the names help diagnosis and are not secrets. */
const REFERENCE_KEYS = new Set(['secret', 'env']);
const URL_WITH_USER = /([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(:[^/\s@]*)?@/gi;

export const REMOVED = '[removed]';

/** A deep copy of VALUE in which every string under a sensitive key is replaced, and URLs lose their user and password. */
export function redact(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (SENSITIVE_KEY.test(key) && !REFERENCE_KEYS.has(key)) return REMOVED;
    return value.replace(URL_WITH_USER, '$1[removed]@');
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(item, name)]));
  }
  if ((typeof value === 'number' || typeof value === 'bigint') && SENSITIVE_KEY.test(key)) return REMOVED;
  return value;
}

/** Removes each of SECRETS wherever it appears in TEXT (logs are redacted when written; this is the second net). */
export function scrubKnown(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 6) result = result.split(secret).join(REMOVED);
  return result;
}
