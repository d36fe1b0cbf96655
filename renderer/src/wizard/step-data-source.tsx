// Step 1: the database to read: dialect, file or server settings, a password stored as a secret, and a connection test.
import { useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { AccessWarning, Connection, ConnectionTestAnswer, Dialect } from '../api/types.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';
import { CopyButton, ErrorBox, Notice } from '../components/feedback.js';
import { clean, slugOf } from './draft.js';
import { ProposalOffer } from './proposal.js';
import { proposeZone, TimeZoneField, ZoneProposalNotice, type ZoneProposal } from './time-zone-field.js';
import type { StepProps } from './wizard.js';

const DIALECT_NAMES: Record<Dialect, string> = { sqlite: 'SQLite (a file)', mysql: 'MySQL / MariaDB', mssql: 'Microsoft SQL Server', postgres: 'PostgreSQL' };
const DEFAULT_PORTS: Record<Dialect, number | undefined> = { sqlite: undefined, mysql: 3306, mssql: 1433, postgres: 5432 };

type TestResult = { ok: true; tables: number; accessWarning?: AccessWarning; zone?: ZoneProposal } | { ok: false; message: string };

/** Shown after a successful test when the user may do more than the integration needs: what, why it matters, the fix. */
function AccessWarningNotice({ warning }: { warning: AccessWarning }) {
  return (
    <Notice kind="warn">
      <p><strong>{warning.message}</strong></p>
      <p>{warning.advice}</p>
      {warning.sql ? (
        <>
          <pre className="json">{warning.sql}</pre>
          <CopyButton text={warning.sql} label="Copy the SQL" />
        </>
      ) : null}
    </Notice>
  );
}

function ServerFields({ connection, set }: { connection: Connection; set(change: Partial<Connection>): void }) {
  const options = connection.options ?? {};
  const option = (key: string, value: unknown) => set({ options: { ...options, [key]: value } });
  return (
    <>
      <div className="row">
        <TextField label="Host" required path="connection.host" value={connection.host ?? ''} onChange={(host) => set({ host })} placeholder="127.0.0.1" />
        <TextField label="Port" className="narrow" path="connection.port" value={connection.port === undefined ? '' : String(connection.port)}
          onChange={(port) => set({ port: port === '' ? undefined : Number(port) })} type="number" />
      </div>
      <div className="row">
        <TextField label="Database" required path="connection.database" value={connection.database ?? ''} onChange={(database) => set({ database })} />
        <TextField label="User" path="connection.user" value={connection.user ?? ''} onChange={(user) => set({ user })} />
      </div>
      {connection.dialect === 'mssql' ? (
        <div className="row">
          <SelectField label="Log in with" value={connection.authentication ?? 'sql'}
            options={[{ value: 'sql', label: 'A SQL Server login' }, { value: 'ntlm', label: 'A Windows (domain) account' }]}
            onChange={(value) => set(value === 'ntlm' ? { authentication: 'ntlm' } : { authentication: undefined, domain: undefined })} />
          {connection.authentication === 'ntlm'
            ? <TextField label="Windows domain" required path="connection.domain" value={connection.domain ?? ''} placeholder="OFFICE" onChange={(domain) => set({ domain: domain.trim() || undefined })}
              hint="The account's domain alone; put the account name in User and its password below." />
            : null}
        </div>
      ) : null}
      {connection.dialect === 'mssql' ? (
        <div className="row">
          <CheckboxField label="Encrypt the connection (TLS)" checked={options.encrypt !== false} onChange={(value) => option('encrypt', value)} />
          <CheckboxField label="Trust the server certificate" checked={options.trustServerCertificate === true} onChange={(value) => option('trustServerCertificate', value)} />
          <TextField label="Instance name" value={String(options.instanceName ?? '')} onChange={(value) => option('instanceName', value || undefined)} />
        </div>
      ) : (
        <CheckboxField label="Use an encrypted connection (TLS)" checked={Boolean(options.ssl)} onChange={(value) => option('ssl', value || undefined)} />
      )}
    </>
  );
}

export function DataSourceStep({ editor, environment }: StepProps) {
  const { draft, update } = editor;
  const connection = draft.connection;
  const [password, setPassword] = useState('');
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestResult>();
  const [machineZone, setMachineZone] = useState<string>();
  const set = (change: Partial<Connection>) => { setResult(undefined); update((current) => ({ ...current, connection: { ...current.connection, ...change } })); };
  const isNew = editor.originalId === undefined;
  // The zone changes how dates are read, not whether the connection works: the test's result stays.
  const setZone = (timeZone: string | undefined) => update((current) => ({ ...current, connection: { ...current.connection, timeZone } }));

  const test = async () => {
    setTesting(true);
    try {
      const answer = await api<ConnectionTestAnswer>('POST', '/connection/test',
        { integration: draft.id || 'draft', connection: clean(connection), writes: draft.actions.map((action) => action.insert.table), ...(password ? { password } : {}) });
      if (answer.ok) {
        // Zone-less dates are most likely local time where the server (or, in an office, this computer) is.
        const zone = proposeZone(answer, isNew);
        update((current) => ({ ...current, connection: { ...answer.connection, ...(zone?.applied ? { timeZone: zone.zone } : {}) } }));
        setPassword('');
        setMachineZone(answer.machineTimeZone);
        setResult({ ok: true, tables: answer.tables, ...(zone ? { zone } : {}), ...(answer.accessWarning ? { accessWarning: answer.accessWarning } : {}) });
      } else setResult({ ok: false, message: answer.error.message });
    } catch (error) {
      setResult({ ok: false, message: messageOf(error) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <div className="step">
      <p className="lead">Which database holds your customers? Deskbridge reads it with the settings below; nothing leaves this computer until you go live.</p>
      <div className="row">
        <TextField label="Integration name" required path="displayName" value={draft.displayName} placeholder="Acme CRM"
          onChange={(displayName) => update((current) => ({ ...current, displayName, ...(isNew ? { id: slugOf(displayName) } : {}) }))} />
        <TextField label="Integration id" path="id" value={draft.id} readOnly={!isNew} required
          hint={isNew ? 'Appears in the URLs Talkdesk calls; lower-case letters, digits and "-".' : 'Fixed once saved (API keys belong to it).'}
          onChange={(id) => update((current) => ({ ...current, id }))} />
      </div>
      <SelectField label="Database type" path="connection.dialect" value={connection.dialect}
        options={(Object.keys(DIALECT_NAMES) as Dialect[]).map((dialect) => ({ value: dialect, label: environment.dialects.includes(dialect) ? DIALECT_NAMES[dialect] : `${DIALECT_NAMES[dialect]} (not available)` }))}
        onChange={(value) => { const dialect = value as Dialect; set({ dialect, port: DEFAULT_PORTS[dialect], ...(dialect === 'sqlite' ? {} : { filename: undefined }) }); }} />
      {connection.dialect === 'sqlite' ? (
        <div className="row align-end">
          <TextField label="Database file" required path="connection.filename" value={connection.filename ?? ''} onChange={(filename) => set({ filename })} placeholder="/path/to/crm.sqlite" />
          {environment.demoDatabase ? <button type="button" className="secondary" onClick={() => set({ filename: environment.demoDatabase! })}>Use the demo database</button> : null}
        </div>
      ) : (
        <>
          <ServerFields connection={connection} set={set} />
          <TextField label="Password" path="connection.password" type="password" autoComplete="new-password" value={password} onChange={(value) => { setPassword(value); setResult(undefined); }}
            placeholder={connection.password ? 'A password is stored; type a new one to replace it' : ''}
            hint="Stored encrypted on this computer once the test succeeds; never shown again." />
        </>
      )}
      <TimeZoneField connection={connection} machineZone={machineZone} onChange={setZone} />
      <div className="actions-row">
        <button type="button" onClick={() => { void test(); }} disabled={testing}>{testing ? 'Testing…' : 'Test connection'}</button>
        {result?.ok ? <Notice kind="ok">Connected: {result.tables} tables and views found.</Notice> : null}
      </div>
      {result?.ok && result.zone ? <ZoneProposalNotice proposal={result.zone} connection={connection} onUse={setZone} /> : null}
      {result?.ok ? <ProposalOffer connection={connection} integrationId={draft.id} onProposal={editor.adoptProposal} replaces={!isNew} /> : null}
      {result?.ok && result.accessWarning ? <AccessWarningNotice warning={result.accessWarning} /> : null}
      {result && !result.ok ? <ErrorBox message={result.message} /> : null}
    </div>
  );
}
