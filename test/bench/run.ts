// `npm run bench [-- --rounds N | --dialect D | --lookup-cpu | --load | --tunnel | --hostile | --slow-clients | --distribution]`: picks the benchmark program; each prints a table of figures.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { dialect: { type: 'string' }, 'lookup-cpu': { type: 'boolean' }, load: { type: 'boolean' }, tunnel: { type: 'boolean' }, hostile: { type: 'boolean' }, 'slow-clients': { type: 'boolean' }, distribution: { type: 'boolean' } },
  strict: false,
});

const program = values['lookup-cpu'] ? './lookup-cpu.js' : values.dialect ? './lookup.js' : values.load ? './load.js' : values.tunnel ? './tunnel.js' : values.hostile ? './hostile.js'
  : values['slow-clients'] ? './slow-clients.js' : values.distribution ? './distribution.js' : './sync.js';
await import(program);
