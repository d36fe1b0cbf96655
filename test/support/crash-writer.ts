// A process that writes the profile and the state database in a loop until it is killed (for crash tests).
import path from 'node:path';
import { demoIntegration } from '../../bridge/demo/demo-profile.js';
import { saveProfile } from '../../bridge/profile/store.js';
import { openState } from '../../bridge/state/index.js';

const [dataDir] = process.argv.slice(2) as [string];
const state = await openState(dataDir, { DESKBRIDGE_MASTER_KEY: 'b'.repeat(64) });
const file = path.join(dataDir, 'profile.json');
let round = 0;
process.stdout.write('writing\n');
for (;;) {
  round += 1;
  const integration = { ...demoIntegration(`/data/crm-${round}.sqlite`), displayName: `Round ${round} ${'x'.repeat(round % 5000)}` };
  await saveProfile(file, { version: 1, integrations: [integration] });
  await state.apiKeys.create('demo', `round ${round}`);
  for (let index = 0; index < 50; index += 1) {
    state.requestLog.add({ at: new Date().toISOString(), endpoint: 'contacts', method: 'POST', path: '/x', status: 200, durationMs: 1, body: { round } });
  }
  await state.requestLog.flush();
  await state.secrets.set(`secret-${round % 7}`, `value ${round}`);
}
