// A process that writes the profile and the state database in a loop until it is killed (for crash tests); it prints
// a line as each write begins, so a test can kill it in the middle of the one it chooses.
import path from 'node:path';
import { demoIntegration } from '../../bridge/demo/demo-profile.js';
import { saveProfile } from '../../bridge/profile/store.js';
import { openState } from '../../bridge/state/index.js';

const [dataDir] = process.argv.slice(2) as [string];
const state = await openState(dataDir, { DESKBRIDGE_MASTER_KEY: 'b'.repeat(64) });
const file = path.join(dataDir, 'profile.json');
let round = 0;
const begin = (write: string) => process.stdout.write(`${write}\n`);
for (;;) {
  round += 1;
  const integration = { ...demoIntegration(`/data/crm-${round}.sqlite`), displayName: `Round ${round} ${'x'.repeat(round % 5000)}` };
  begin('profile');
  await saveProfile(file, { version: 1, integrations: [integration] });
  begin('api key');
  await state.apiKeys.create('demo', `round ${round}`);
  begin('request log');
  for (let index = 0; index < 50; index += 1) {
    state.requestLog.add({ at: new Date().toISOString(), endpoint: 'contacts', method: 'POST', path: '/x', status: 200, durationMs: 1, body: { round } });
  }
  await state.requestLog.flush();
  begin('secret');
  await state.secrets.set(`secret-${round % 7}`, `value ${round}`);
}
