// The state database's schema, as ordered Knex migrations.
import type { Knex } from 'knex';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: Record<string, Migration> = {
  '001_initial': {
    async up(knex) {
      await knex.schema.createTable('settings', (table) => {
        table.string('key').primary();
        table.text('value').notNullable();
      });
      await knex.schema.createTable('secrets', (table) => {
        table.string('name').primary();
        table.binary('ciphertext').notNullable();
        table.binary('iv').notNullable();
        table.binary('tag').notNullable();
        table.string('updated_at').notNullable();
      });
      await knex.schema.createTable('api_keys', (table) => {
        table.string('id').primary();
        table.string('integration').notNullable().index();
        table.string('key_hash').notNullable().unique();
        table.string('prefix').notNullable();
        table.string('label');
        table.string('created_at').notNullable();
        table.string('revoked_at');
        table.string('last_used_at');
      });
      await knex.schema.createTable('request_log', (table) => {
        table.increments('id');
        table.string('at').notNullable().index();
        table.string('integration');
        table.string('endpoint').notNullable();
        table.string('method').notNullable();
        table.string('path').notNullable();
        table.integer('status').notNullable();
        table.float('duration_ms').notNullable();
        table.integer('contacts');
        table.string('source_ip');
        table.string('error_code');
        table.text('request_body');
      });
      await knex.schema.createTable('sync_runs', (table) => {
        table.string('id').primary();
        table.string('integration').notNullable().index();
        table.string('kind').notNullable();
        table.string('started_at').notNullable();
        table.string('finished_at');
        table.integer('pages').notNullable();
        table.integer('rows').notNullable();
        table.float('duration_ms');
        table.text('checkpoint');
      });
      await knex.schema.createTable('tunnel_events', (table) => {
        table.increments('id');
        table.string('at').notNullable();
        table.string('state').notNullable();
        table.string('url');
        table.text('detail');
      });
    },
    async down(knex) {
      for (const table of ['tunnel_events', 'sync_runs', 'request_log', 'api_keys', 'secrets', 'settings']) {
        await knex.schema.dropTableIfExists(table);
      }
    },
  },
  // What a logged answer held is contacts on a sync page but interactions on a lookup and agents on an agent page.
  '002_request_log_records': {
    async up(knex) {
      await knex.schema.alterTable('request_log', (table) => table.renameColumn('contacts', 'records'));
    },
    async down(knex) {
      await knex.schema.alterTable('request_log', (table) => table.renameColumn('records', 'contacts'));
    },
  },
  // An action whose database reply was lost "may have been written"; a repeat of it was answered from that call.
  '003_request_log_write_outcome': {
    async up(knex) {
      await knex.schema.alterTable('request_log', (table) => table.string('write_outcome'));
    },
    async down(knex) {
      await knex.schema.alterTable('request_log', (table) => table.dropColumn('write_outcome'));
    },
  },
  // Where each integration's phone index stands; the indexes themselves are one table per integration, made when
  // the integration first runs and dropped with it (bridge/phone-index/store.ts), since integrations come and go
  // with the profile, not with the bridge's version.
  '004_phone_index': {
    async up(knex) {
      await knex.schema.createTable('phone_index_state', (table) => {
        table.string('integration').primary();
        table.string('fingerprint').notNullable();
        table.integer('ready').notNullable();
        table.integer('pass').notNullable();
        table.text('pass_after');
        table.text('checkpoint');
        table.string('pass_started_at');
        table.string('last_full_pass_at');
        table.string('last_refresh_at');
        table.integer('pass_rows').notNullable();
      });
    },
    async down(knex) {
      // Every integration's index and the state table share the prefix.
      const tables: Array<{ name: string }> = await knex.raw("select name from sqlite_master where type = 'table' and substr(name, 1, 12) = 'phone_index_'");
      for (const { name } of tables) await knex.schema.dropTableIfExists(name);
    },
  },
  // Calls the bridge made itself (a self-test, a replay) are marked; a body whose summary lost something cannot be replayed.
  '005_request_log_origin': {
    async up(knex) {
      await knex.schema.alterTable('request_log', (table) => {
        table.string('origin');
        table.integer('body_exact');
      });
    },
    async down(knex) {
      await knex.schema.alterTable('request_log', (table) => {
        table.dropColumn('origin');
        table.dropColumn('body_exact');
      });
    },
  },
};

/** A Knex migration source over the migrations above, in name order. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (migration) => migration,
  getMigration: async (migration) => MIGRATIONS[migration]!,
};
