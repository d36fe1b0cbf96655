// The demo integration over the demo CRM database: what a first start serves, and a model profile.
import type { Integration } from '../profile/schema.js';

export const DEMO_INTEGRATION_ID = 'demo';

export function demoIntegration(filename: string): Integration {
  return {
    id: DEMO_INTEGRATION_ID,
    displayName: 'Demo CRM',
    description: 'Customers, tickets and notes from the embedded demo database',
    connection: { dialect: 'sqlite', filename, queryTimeoutMs: 4000, pool: { max: 1 } },
    contacts: {
      source: { table: 'customers' },
      key: 'id',
      checkpoint: 'updated_at',
      fields: {
        name: '{first_name} {last_name}',
        company: 'company',
        title: 'job_title',
        emails: ['email', 'email2'],
        phones: ['phone', 'mobile'],
        address: '{street}, {city}',
        url: 'https://crm.example.com/customers/{id}',
      },
      phoneRegion: 'US',
      pageSize: 500,
      lookbackSeconds: 300,
      phoneIndex: { refreshSeconds: 60, fullPassHours: 24 },
    },
    interactions: [
      {
        type: 'ticket', source: { table: 'tickets' }, contactKey: 'customer_id', limit: 50,
        fields: { id: 'id', subject: 'subject', description: 'body', date: 'created_at', status: 'state', priority: 'prio', url: 'https://crm.example.com/tickets/{id}' },
        values: { status: { waiting: 'pending', done: 'solved' } },
      },
      {
        type: 'note', source: { table: 'notes' }, contactKey: 'customer_id', limit: 50,
        fields: { id: 'id', subject: 'subject', description: 'body', date: 'created_at' },
      },
    ],
    actions: [
      {
        name: 'log_call',
        display: 'log a call',
        description: 'add a call note to the customer in the demo CRM',
        scoping: ['automation', 'contact'],
        inputs: [
          { key: 'subject', name: 'Subject', type: 'text', mandatory: true },
          { key: 'body', name: 'Note', type: 'textarea', mandatory: false },
        ],
        insert: {
          table: 'notes',
          values: {
            customer_id: '{meta.contact_external_id}', agent_id: '{meta.agent_external_id}',
            subject: '{data.subject}', body: '{data.body}', created_at: '{now}',
          },
          returning: 'id',
        },
      },
    ],
    agents: { source: { table: 'agents' }, fields: { id: 'id', name: 'name', email: 'email' }, pageSize: 200 },
    auth: { type: 'api_key' },
  };
}
