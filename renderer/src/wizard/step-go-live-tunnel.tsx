// The tunnel as the wizard's last step shows it: the same state as everywhere, and the way to the Go live page where it is set up.
import { TunnelStateLine, useTunnelStatus } from '../golive/tunnel-state.js';

export function TunnelSummary({ onOpenGoLive }: { onOpenGoLive(): void }) {
  const { status } = useTunnelStatus();
  return (
    <section aria-labelledby="tunnel-title">
      <h3 id="tunnel-title">Tunnel</h3>
      <div className="state-bar">
        <TunnelStateLine status={status} />
        <button type="button" className="secondary" onClick={onOpenGoLive}>Set up the public URL</button>
      </div>
      <p className="hint">One tunnel serves every integration; it is chosen and set up on the Go live page.</p>
    </section>
  );
}
