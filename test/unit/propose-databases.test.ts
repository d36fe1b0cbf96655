// The mapping proposal on MariaDB and PostgreSQL: the same schemas as on SQLite, read through each server's catalog and types.
import assert from 'node:assert/strict';
import { createConnector, namedPageRows } from '../../connectors/index.js';
import { proposeIntegration } from '../../bridge/propose/index.js';
import { integrationSchema } from '../../bridge/profile/schema.js';
import { describeOnDatabase } from '../support/database-suite.js';
import { scoreProposal } from '../support/propose-accuracy.js';
import { SCHEMA_CASES, buildSchema } from '../support/propose-schemas.js';

const CASES = ['English snake_case CRM', 'German PascalCase CRM', 'English UPPER_CASE CRM with letter and number codes', 'Portuguese snake_case CRM (Brazil)'];

for (const dialect of ['mysql', 'postgres'] as const) {
  for (const name of CASES) {
    const schema = SCHEMA_CASES.find((item) => item.name === name)!;
    describeOnDatabase(dialect, (check) => {
      check(`proposes the mapping of a ${name}, and its soft-delete filter leaves those rows out`, async (database, admin) => {
        // The throwaway database comes with the connector fixture's tables: this test wants only its own.
        await admin.raw('drop view contacts_view');
        await admin.schema.dropTable('interactions').dropTable('contacts');
        await buildSchema(admin, dialect, schema.tables);
        const connector = createConnector(database.config);
        try {
          const connection = integrationSchema.shape.connection.parse({ dialect, host: database.config.host, port: database.config.port, database: database.config.database, user: database.config.user, options: database.config.options });
          const proposal = await proposeIntegration(connector, { connection, locale: schema.locale });
          const score = scoreProposal(proposal.integration, schema.expected);
          assert.deepEqual(score.wrong, [], `${score.right}/${score.total}`);
          const contacts = proposal.integration.contacts;
          const spec = schema.tables[0]!;
          const page = await connector.pageContacts({ source: contacts.source, key: contacts.key, checkpoint: contacts.checkpoint, columns: [], limit: 500 });
          const flag = (contacts.source as { where?: Array<{ column: string }> }).where?.[0]?.column;
          assert.ok(flag, 'a filter is proposed');
          const left = (await admin(spec.name).count({ n: '*' }))[0]!.n;
          const kept = namedPageRows(page).length;
          assert.ok(kept > 0 && kept < Number(left), `${kept} of ${left} rows kept`);
        } finally {
          await connector.close();
        }
      });
    });
  }
}
