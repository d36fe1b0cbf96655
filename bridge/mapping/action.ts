// Turns an action request's data and meta into the row it inserts, checking inputs first (spec section 5).
import { localTextOf, type Value } from '../../connectors/index.js';
import { BridgeError } from '../errors.js';
import type { ActionConfig } from '../profile/schema.js';
import { compileTemplates } from './contact.js';
import { parseInstant } from './date.js';
import { normalizePhone } from './phone.js';
import { renderTemplate, type Template } from './template.js';

type Input = ActionConfig['inputs'][number];
type Scalar = Value | Date | null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_INPUT_CHARS = 10_000;

export interface ActionRequest {
  meta: Record<string, unknown>;
  data: Record<string, unknown>;
}

export interface CompiledAction {
  readonly config: ActionConfig;
  /** The checked row to insert, or a BridgeError (400) naming every problem. */
  buildRow(request: ActionRequest, now: Date): Record<string, Scalar>;
  /** Keys of `data` the action does not declare: ignored, since renaming an input on Talkdesk's side takes a while. */
  ignoredInputs(data: Record<string, unknown>): string[];
}

function coerceInput(input: Input, value: unknown, region: string, timeZone: string): Value | Date {
  const fail = (expected: string) => new BridgeError('invalid_input', `Input "${input.key}" must be ${expected}.`, { details: { input: input.key } });
  if (typeof value === 'object' || value === undefined) throw fail('a string, number or boolean');
  const text = String(value);
  if (text.length > MAX_INPUT_CHARS) throw fail(`at most ${MAX_INPUT_CHARS} characters`);
  switch (input.type) {
    case 'number': {
      const number = typeof value === 'number' ? value : Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(number)) throw fail('a number');
      return number;
    }
    case 'email':
      if (!EMAIL.test(text.trim())) throw fail('an e-mail address');
      return text.trim();
    case 'tel':
      return normalizePhone(text, region) ?? (() => { throw fail('a phone number'); })();
    case 'datetime': {
      // A date and time without a zone is the office's local time, as the database's own zone-less dates are.
      const instant = parseInstant(text, timeZone);
      if (instant === undefined) throw fail('a date and time');
      return new Date(instant);
    }
    case 'select': {
      const options = (input.format ?? '').split(',').map((option) => option.trim()).filter(Boolean);
      if (options.length > 0 && !options.includes(text)) throw fail(`one of ${options.join(', ')}`);
      return text;
    }
    default:
      return typeof value === 'boolean' ? value : text;
  }
}

/**
 * Compiles an action's insert templates; `{data.*}` must name declared inputs. `timeZone` is the connection's: the zone
 * `datetime` inputs without one are read in, and `{now}` inside a longer text is written in.
 */
export function compileAction(config: ActionConfig, region: string, path: string, timeZone = 'UTC'): CompiledAction {
  const declared = new Set(config.inputs.map((input) => input.key));
  const columns = Object.entries(config.insert.values).map(([column, source]) => {
    const template = compileTemplates(source, `${path}.insert.values.${column}`)[0]!;
    const refs = template.isColumn ? [] : template.refs;
    for (const ref of refs) {
      const [scope, key] = ref.split('.', 2);
      const known = ref === 'now' || (scope === 'meta' && key) || (scope === 'data' && key && declared.has(key));
      if (!known) throw new BridgeError('invalid_profile', `${path}.insert.values.${column}: "{${ref}}" is not one of this action's inputs, the contact's id or now ({data.<input key>}, {meta.contact_external_id}, {now})`);
    }
    return [column, template] as const;
  });

  const resolve = (template: Template, values: Map<string, Value | Date>): Scalar => {
    if (template.isColumn) return template.source; // a constant: no braces, inserted as written
    const only = template.slots.length === 1 && !template.prefix && !template.suffix ? template.refs[0] : undefined;
    if (only !== undefined) return values.get(only) ?? null;
    // An instant in a text reads as the zone-less column beside it would hold it: local time in the connection's zone.
    const texts = Object.fromEntries([...values].map(([ref, value]) => [ref, value instanceof Date ? localTextOf(value.getTime(), timeZone) : value]));
    const text = renderTemplate(template, texts);
    return text === undefined ? null : text;
  };

  return {
    config,
    ignoredInputs(data) {
      return Object.keys(data).filter((key) => !declared.has(key));
    },
    buildRow(request, now) {
      const missing = config.inputs
        .filter((input) => input.mandatory && String(request.data[input.key] ?? input.default ?? '').trim() === '')
        .map((input) => input.key);
      if (missing.length > 0) {
        throw new BridgeError('missing_inputs', `Missing mandatory ${missing.length > 1 ? 'inputs' : 'input'}: ${missing.join(', ')}.`, { details: { missing } });
      }
      const values = new Map<string, Value | Date>([['now', now]]);
      for (const input of config.inputs) {
        const raw = request.data[input.key] ?? input.default;
        if (raw === undefined || raw === null || raw === '') continue;
        values.set(`data.${input.key}`, coerceInput(input, raw, region, timeZone));
      }
      for (const [key, value] of Object.entries(request.meta)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values.set(`meta.${key}`, value);
      }
      return Object.fromEntries(columns.map(([column, template]) => [column, resolve(template, values)]));
    },
  };
}
