// `deskbridge secret set|list|delete`: named secrets, encrypted at rest; a value is read from standard input only.
import { parseArgs } from 'node:util';
import { BridgeError } from '../errors.js';
import { openState } from '../state/index.js';
import { readStandardInput } from './input.js';
import { COMMON_FLAGS, commonOptions } from './options.js';
import { emit } from './output.js';

export async function secret(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: COMMON_FLAGS });
  const { dataDir } = commonOptions(values);
  const name = positionals[0];
  if ((action === 'set' || action === 'delete') && !name) throw new BridgeError('invalid_argument', `secret ${action} needs a NAME.`);
  if (action !== 'set' && action !== 'list' && action !== 'delete') {
    throw new BridgeError('invalid_argument', 'Use "secret set NAME" (value on standard input), "secret list" or "secret delete NAME".');
  }
  const value = action === 'set' ? await readStandardInput() : '';
  if (action === 'set' && !value) throw new BridgeError('invalid_argument', 'secret set reads the value from standard input, and it was empty.');
  const state = await openState(dataDir);
  try {
    if (action === 'set') {
      await state.secrets.set(name!, value);
      emit({ secret: name, stored: true });
    } else if (action === 'delete') {
      emit({ secret: name, deleted: await state.secrets.delete(name!) });
    } else {
      for (const item of await state.secrets.list()) emit(item);
    }
    return 0;
  } finally {
    await state.close();
  }
}
