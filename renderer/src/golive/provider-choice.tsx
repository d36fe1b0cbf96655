// The tunnel choices, each with what it protects, ngrok first as the recommended one and localtunnel labelled for trying out.
import { Fragment, type ReactNode } from 'react';
import type { Tunnel } from '../api/types.js';

interface Choice { value: Tunnel['provider']; title: string; description: string; badge?: 'recommended' | 'try-out' }

export const CHOICES: Choice[] = [
  { value: 'ngrok', title: 'ngrok', badge: 'recommended', description: 'Encrypted from this computer to ngrok\'s edge, a stable https URL, no server of your own. Needs a (free) ngrok account and its authtoken.' },
  { value: 'ssh', title: 'SSH to your own server', description: 'A reverse SSH tunnel to a server the office controls, encrypted, no third party. Needs the server, its reverse proxy for https, and an SSH key.' },
  { value: 'external', title: 'My own public URL', description: 'The office already publishes this computer through its reverse proxy or firewall (https).' },
  { value: 'localtunnel', title: 'localtunnel', badge: 'try-out', description: 'A public relay run by others, for trying Deskbridge out. Unencrypted between this computer and the relay.' },
  { value: 'none', title: 'None', description: 'This computer only: Talkdesk cannot reach the bridge.' },
];

/** A fresh tunnel of the chosen kind, keeping nothing from another kind. */
export function blankTunnel(provider: Tunnel['provider']): Tunnel {
  switch (provider) {
    case 'ngrok': return { provider, pooling: false };
    case 'ssh': return { provider, host: '', port: 22, user: '', hostKey: '', remotePort: 8080, publicUrl: '' };
    case 'external': return { provider, url: '' };
    case 'localtunnel': return { provider };
    default: return { provider: 'none' };
  }
}

/** The choices; the chosen one's settings (`children`) open right under it. */
export function ProviderChoice({ value, onChange, children }: { value: Tunnel['provider']; onChange(provider: Tunnel['provider']): void; children?: ReactNode }) {
  return (
    <fieldset className="provider-choice">
      <legend>How Talkdesk reaches this computer</legend>
      {CHOICES.map((choice) => (
        <Fragment key={choice.value}>
          <label className={`choice ${value === choice.value ? 'chosen' : ''}`}>
            <input type="radio" name="tunnel-provider" value={choice.value} checked={value === choice.value} onChange={() => onChange(choice.value)} />
            <span>
              <strong>{choice.title}</strong>
              {choice.badge === 'recommended' ? <span className="badge badge-ok">Recommended</span> : null}
              {choice.badge === 'try-out' ? <span className="badge badge-warn">Try-out only, unencrypted</span> : null}
              <span className="choice-description">{choice.description}</span>
            </span>
          </label>
          {value === choice.value && children ? <div className="choice-settings">{children}</div> : null}
        </Fragment>
      ))}
    </fieldset>
  );
}
