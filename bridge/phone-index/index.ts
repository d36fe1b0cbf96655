// The phone index's surface: which integrations keep one, and the pieces each process needs (bridge/phone-index/*).
import { createHash } from 'node:crypto';
import type { ContactsMapping, PhoneIndexSettings } from '../profile/schema.js';

export { PhoneIndexMaintainer, type PhoneIndexEvent, type PhoneIndexStatus } from './maintainer.js';
export { PhoneIndexReader } from './reader.js';
export { PhoneIndexStore } from './store.js';

/**
 * The index's settings, or undefined where the integration keeps today's behaviour: the index is turned off
 * (`contacts.phoneIndex: false`), or no phone field is mapped.
 */
export function phoneIndexSettings(mapping: ContactsMapping): PhoneIndexSettings | undefined {
  if (mapping.phoneIndex === false || mapping.fields.phones === undefined || !mapping.checkpoint) return undefined;
  return mapping.phoneIndex;
}

/** What the index's contents depend on: an index built under another fingerprint is rebuilt, and never answers. */
export function phoneIndexFingerprint(mapping: ContactsMapping): string {
  const parts = [mapping.source, mapping.key, mapping.checkpoint, mapping.fields.phones, mapping.phoneRegion];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}
