// The first-run page: only the demo exists and Talkdesk has not called yet, so it says what to do next.
import { useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { PublicUrl } from '../api/types.js';
import { CopyButton, ErrorBox } from '../components/feedback.js';

/** A sample Talkdesk call (an interaction lookup of the demo's customer 157) as a command to paste in a terminal. */
function sampleCall(baseUrl: string, key: string): string {
  const body = JSON.stringify({ auth: { api_key: key }, data: { contact_external_id: '157' } });
  return `curl -s -X POST ${baseUrl}/integrations/demo/interactions -H "content-type: application/json" -d '${body}'`;
}

export function FirstRun({ onCreate }: { onCreate(): void }) {
  const [command, setCommand] = useState<string>();
  const [error, setError] = useState<string>();
  const tryDemo = async () => {
    try {
      const [{ key }, url] = await Promise.all([
        api<{ key: string }>('POST', '/integrations/demo/keys', { label: 'demo sample call' }),
        api<PublicUrl>('GET', '/public-url'),
      ]);
      setCommand(sampleCall(url.bridgeUrl ?? url.url ?? 'http://127.0.0.1:PORT', key));
      setError(undefined);
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <section className="first-run" aria-labelledby="first-run-title" data-testid="first-run">
      <h2 id="first-run-title">Welcome: what to do next</h2>
      <p>Deskbridge runs with its demo CRM only, and Talkdesk has not called it yet. Choose one:</p>
      <ol>
        <li>
          <strong>Connect your database.</strong> The wizard connects to your CRM, proposes which tables hold contacts and
          tickets, and shows a preview before anything is saved.
          <div><button type="button" onClick={onCreate}>Connect your database</button></div>
        </li>
        <li>
          <strong>Or try the demo first.</strong> Make a key for the demo and send it a sample call, as Talkdesk would: the call
          appears in the request log below, and this page goes away.
          <div><button type="button" className="secondary" onClick={() => { void tryDemo(); }}>Make a demo key and a sample call</button></div>
          {command ? (
            <div data-testid="sample-call">
              <p className="muted">Paste this in a terminal on this computer (the key is shown only here; revoke it later in Security):</p>
              <pre className="json">{command}</pre>
              <CopyButton text={command} label="Copy the command" />
            </div>
          ) : null}
        </li>
      </ol>
      <ErrorBox message={error} />
    </section>
  );
}
