// temporary: profile one 200k sync
import { spawn, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createDemoDatabase } from '../../bridge/demo/demo-db.js';
import { runCliOnce, settled, startBridgeProcess, syncAll, processTree } from './bridge-process.js';
const dir = '/tmp/sy';
if (!existsSync(path.join(dir, 'demo-crm.sqlite'))) {
  createDemoDatabase(path.join(dir, 'demo-crm.sqlite'), { contacts: 200_000 });
  const first = await startBridgeProcess(['--data-dir', dir]);
  await first.event((e) => e.event === 'phone_index' && e.state === 'ready');
  await first.stop();
}
const { key } = await runCliOnce(['api-key', 'create', '--integration', 'demo', '--data-dir', dir]) as { key: string };
const bridge = await startBridgeProcess(['--data-dir', dir]);
await settled(bridge.child.pid!);
const url = `${bridge.ready.bridgeUrl}/integrations/demo/contacts`;
await syncAll(url, key);
const pids = processTree(bridge.child.pid!);
console.log(pids.map((pid) => `${pid} ${execSync(`cat /proc/${pid}/cmdline | tr '\\0' ' '`).toString().slice(0, 90)}`).join('\n'));
const perf = process.env.PERF ? spawn('perf', ['record', '-e', 'cpu-clock', '-F', '2000', '-g', '-p', pids.join(','), '-o', '/tmp/prof/sync.data'], { stdio: 'ignore' }) : undefined;
await new Promise((r) => setTimeout(r, 500));
const result = await syncAll(url, key);
console.log(result, 200000 / result.seconds, 'rows/s');
console.log(bridge.peaksMb());
perf?.kill('SIGINT');
await new Promise((r) => setTimeout(r, 1500));
await bridge.stop();
