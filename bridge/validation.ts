// Parses untrusted input with a schema; problems name their path ("integrations[0].contacts.key: expected string").
import type { z } from 'zod';
import { BridgeError, type BridgeErrorCode } from './errors.js';

/** Formats a path as a reader writes it: integrations[0].contacts.key */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let result = '';
  for (const part of path) {
    if (typeof part === 'number') result += `[${part}]`;
    else result += result ? `.${String(part)}` : String(part);
  }
  return result || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length > 1 ? 'keys' : 'key'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      return 'does not match any allowed form';
    default:
      return issue.message;
  }
}

/** One line per problem, each starting with its path. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
}

/** Returns the parsed value, or throws a BridgeError whose details list every problem by path. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T, value: unknown, code: BridgeErrorCode, what: string, pathPrefix: ReadonlyArray<PropertyKey> = [],
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${formatPath([...pathPrefix, ...issue.path])}: ${describeIssue(issue)}`);
  // The issues stay as the cause: the admin API words them per field (bridge/http/admin/plain-problems.ts).
  throw new BridgeError(code, `${what}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
    details: { problems }, cause: result.error,
  });
}
