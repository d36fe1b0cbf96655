// Agents: the staff table Talkdesk's agent sync reads (id, name, e-mail), with the proposal's marks and a preview.
import type { ReactNode } from 'react';
import { agentsSchema, defaultsOf, type Agents, type AgentsPreview, type Connection } from '../api/types.js';
import { api } from '../api/client.js';
import { CheckboxField } from '../components/fields.js';
import { Empty, Notice, ProblemsBox } from '../components/feedback.js';
import { clean } from './draft.js';
import { RefControl } from './field-mapping.js';
import { notesAt, ProposedMark, type Proposal } from './proposal.js';
import { SourcePicker } from './source-picker.js';
import { useColumns } from './use-schema.js';
import { usePreview } from './use-preview.js';

const BLANK: Agents = { ...defaultsOf(agentsSchema), source: { table: '' }, fields: { id: '', name: '' } };

export function AgentsSection({ connection, agents, onChange, proposal }: { connection: Connection; agents: Agents | undefined; onChange(agents: Agents | undefined): void; proposal?: Proposal }) {
  const mark = (path: string) => <ProposedMark notes={notesAt(proposal, path)} />;
  return (
    <section className="card" aria-labelledby="agents-title">
      <h3 id="agents-title">Agents {agents ? null : mark('agents')}</h3>
      <p className="hint">Optional: Talkdesk can sync the office's staff as agents and match them to its users by e-mail.</p>
      <CheckboxField label="Sync agents from a table" checked={agents !== undefined} onChange={(checked) => onChange(checked ? BLANK : undefined)} />
      {agents ? <AgentsMapping connection={connection} agents={agents} onChange={onChange} mark={mark} /> : null}
    </section>
  );
}

function AgentsMapping({ connection, agents, onChange, mark }: { connection: Connection; agents: Agents; onChange(agents: Agents): void; mark(path: string): ReactNode }) {
  const columns = useColumns(connection, agents.source);
  const list = columns.value ?? [];
  const setField = (field: keyof Agents['fields'], value: string) => onChange({ ...agents, fields: { ...agents.fields, [field]: value } });
  const { result, error, run } = usePreview<AgentsPreview>();
  const preview = () => run(() => api('POST', '/preview/agents', { connection: clean(connection), agents: clean(agents) }));
  return (
    <>
      <SourcePicker label="Agents come from" connection={connection} source={agents.source} onChange={(source) => onChange({ ...agents, source })} mark={mark('agents.source.table')} path="agents.source" />
      <div className="grid-3">
        <RefControl label="Agent id" required path="agents.fields.id" value={agents.fields.id} columns={list} onChange={(value) => setField('id', value)} />
        <RefControl label="Agent name" required path="agents.fields.name" value={agents.fields.name} columns={list} onChange={(value) => setField('name', value)} mark={mark('agents.fields.name')} />
        <RefControl label="Agent e-mail" required path="agents.fields.email" value={agents.fields.email ?? ''} columns={list} onChange={(value) => setField('email', value)} />
      </div>
      <div className="actions-row"><button type="button" className="secondary" onClick={() => { void preview(); }}>Preview agents</button></div>
      <ProblemsBox error={error} />
      {/* Rows without an e-mail are left out (Talkdesk matches agents by it): the answer's warnings say how many. */}
      {result?.warnings.map((warning) => <Notice kind="warn" key={warning}>{warning}</Notice>)}
      {result && result.rows === 0 ? <Empty>No agents in this table.</Empty> : null}
      {result && result.agents.length > 0 ? (
        <table className="data" data-testid="agents-preview">
          <thead><tr><th scope="col">id</th><th scope="col">name</th><th scope="col">e-mail</th></tr></thead>
          <tbody>{result.agents.map((agent) => <tr key={agent.id}><td>{agent.id}</td><td>{agent.name}</td><td>{agent.email}</td></tr>)}</tbody>
        </table>
      ) : null}
    </>
  );
}
