// The bridge process's share of the phone index: one reader and one writer for every integration, and their upkeep.
import type { Logger } from '../logger.js';
import type { Profile } from '../profile/schema.js';
import { phoneIndexSettings } from './index.js';
import type { PhoneIndexEvent } from './maintainer.js';
import { PhoneIndexReader } from './reader.js';
import { PhoneIndexStore } from './store.js';

/** What buildRuntimes hands each integration's maintainer; public processes get a reader only. */
export class PhoneIndexes {
  readonly reader: PhoneIndexReader;
  readonly store: PhoneIndexStore;
  readonly report: (event: PhoneIndexEvent) => void;

  constructor(dataDir: string, logger: Logger, onEvent?: (event: PhoneIndexEvent) => void) {
    this.reader = new PhoneIndexReader(dataDir);
    this.store = new PhoneIndexStore(dataDir);
    this.report = (event) => {
      onEvent?.(event);
      if (event.state === 'failed') logger.warn({ integration: event.integration }, `The phone index could not be brought up to date (${event.message}); lookups ask the database meanwhile.`);
    };
  }

  /** Drops the index of every integration that no longer keeps one (removed, or with the index turned off). */
  dropUnused(profile: Profile): void {
    this.store.retain(new Set(profile.integrations.filter((integration) => phoneIndexSettings(integration.contacts)).map((integration) => integration.id)));
  }

  close(): void {
    this.reader.close();
    this.store.close();
  }
}
