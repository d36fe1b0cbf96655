// Step 6: go live: the public URL, a self-test through it, and the Talkdesk configuration to copy, with what to do with it.
import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { PublicUrl, SelfTestStep } from '../api/types.js';
import { CopyButton, ErrorBox, Notice } from '../components/feedback.js';
import { TunnelSummary } from './step-go-live-tunnel.js';
import type { StepProps } from './wizard.js';

interface ConfigAnswer { baseUrl: string; reachable: boolean; configuration: { integration: unknown; actions: unknown[] } }

function SelfTest({ integration }: { integration: string }) {
  const [result, setResult] = useState<{ ok: boolean; through: string; steps: SelfTestStep[] }>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    setRunning(true);
    try { setResult(await api('POST', `/integrations/${integration}/self-test`, {})); setError(undefined); } catch (failure) { setError(messageOf(failure)); } finally { setRunning(false); }
  };
  return (
    <section aria-labelledby="self-test-title">
      <h3 id="self-test-title">Self-test</h3>
      <button type="button" onClick={() => { void run(); }} disabled={running}>{running ? 'Testing…' : 'Run the self-test'}</button>
      <ErrorBox message={error} />
      {result ? (
        <ul className="checks" data-testid="self-test">
          {result.steps.map((step) => (
            <li key={step.name} className={step.ok ? 'ok' : 'fail'}>
              <span aria-hidden="true">{step.ok ? '✓' : '✗'}</span> <strong>{step.name}</strong>: {step.message}{step.durationMs !== undefined ? <span className="muted"> ({step.durationMs} ms)</span> : null}
            </li>
          ))}
          <li className="muted">Through {result.through === 'local' ? 'the local bridge (no public URL yet)' : result.through}</li>
        </ul>
      ) : null}
    </section>
  );
}

function TalkdeskConfig({ integration, refresh }: { integration: string; refresh: number }) {
  const [answer, setAnswer] = useState<ConfigAnswer>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<ConfigAnswer>('GET', `/integrations/${integration}/talkdesk-config`).then(setAnswer, (failure: unknown) => setError(messageOf(failure)));
  }, [integration, refresh]);
  if (error) return <ErrorBox message={error} />;
  if (!answer) return <p className="muted">Loading the configuration…</p>;
  const text = JSON.stringify(answer.configuration, null, 2);
  return (
    <section aria-labelledby="config-title">
      <h3 id="config-title">Talkdesk configuration</h3>
      {!answer.reachable ? <Notice kind="warn">There is no public URL yet, so the endpoints below say {answer.baseUrl}. Start a tunnel or set your public URL, then copy again.</Notice> : null}
      <ol className="instructions">
        <li>Copy the configuration below.</li>
        <li>In Talkdesk, open Builder → Integrations → your custom integration (or send it to your Talkdesk contact) and paste it.</li>
        <li>When Talkdesk asks for the <em>Bridge API key</em>, paste the key from the Security step.</li>
        <li>Start a contact sync in Talkdesk; the calls appear on this app's dashboard.</li>
      </ol>
      <div className="actions-row"><CopyButton text={text} label="Copy configuration" /></div>
      <pre className="json" data-testid="talkdesk-config">{text}</pre>
    </section>
  );
}

export function GoLiveStep({ editor, onOpenGoLive }: StepProps) {
  const [publicUrl, setPublicUrl] = useState<PublicUrl>();
  const loadUrl = useCallback(() => { api<PublicUrl>('GET', '/public-url').then(setPublicUrl, () => {}); }, []);
  useEffect(loadUrl, [loadUrl, editor.saved]);
  const integration = editor.originalId;
  return (
    <div className="step">
      <TunnelSummary onOpenGoLive={onOpenGoLive} />
      <section aria-labelledby="url-title">
        <h3 id="url-title">Public URL</h3>
        {publicUrl?.reachable && publicUrl.url ? (
          <div className="actions-row"><code data-testid="public-url">{publicUrl.url}</code><CopyButton text={publicUrl.url} label="Copy URL" /></div>
        ) : <Notice kind="warn">Talkdesk cannot reach this computer yet: only {publicUrl?.bridgeUrl ?? 'the local bridge'} answers. Set up the public URL on the Go live page.</Notice>}
      </section>
      {integration ? (
        <>
          <SelfTest integration={integration} />
          <TalkdeskConfig integration={integration} refresh={editor.dirty ? 0 : 1} />
        </>
      ) : <Notice kind="warn">Save the integration first; then test it and copy its Talkdesk configuration here.</Notice>}
    </div>
  );
}
