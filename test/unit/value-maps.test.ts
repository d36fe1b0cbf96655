// Value maps proposed from the distinct values found: words by meaning in four languages, letters and numbers by order, unknowns left open.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proposeValueMap, valueMapOf } from '../../bridge/propose/value-maps.js';

const found = (...values: string[]) => values.map((value, index) => ({ value, count: 10 - index }));
const mapOf = (scale: 'status' | 'priority', ...values: string[]) => valueMapOf(proposeValueMap(scale, found(...values)));

test('status and priority words by meaning in English, Portuguese, Spanish and German, whatever their case or accents', () => {
  assert.deepEqual(mapOf('status', 'Open', 'Waiting on customer', 'RESOLVED', 'closed'), { Open: 'open', 'Waiting on customer': 'pending', RESOLVED: 'solved', closed: 'closed' });
  assert.deepEqual(mapOf('status', 'Novo', 'Em andamento', 'Concluído', 'Cancelado'), { Novo: 'new', 'Em andamento': 'open', Concluído: 'solved', Cancelado: 'closed' });
  assert.deepEqual(mapOf('status', 'nuevo', 'en espera', 'resuelto', 'cerrado'), { nuevo: 'new', 'en espera': 'pending', resuelto: 'solved', cerrado: 'closed' });
  assert.deepEqual(mapOf('status', 'Neu', 'In Bearbeitung', 'Gelöst', 'Geschlossen'), { Neu: 'new', 'In Bearbeitung': 'open', Gelöst: 'solved', Geschlossen: 'closed' });
  assert.deepEqual(mapOf('priority', 'Low', 'Média', 'alta', 'Dringend', 'Critical'), { Low: 'low', Média: 'normal', alta: 'high', Dringend: 'urgent', Critical: 'urgent' });
});

test('single letters are read as the initials of one language, chosen by which explains most of them', () => {
  assert.deepEqual(mapOf('status', 'O', 'C', 'P', 'H'), { O: 'open', C: 'closed', P: 'pending', H: 'pending' });
  // A, F: Portuguese aberto / fechado.
  assert.deepEqual(mapOf('status', 'A', 'F', 'P'), { A: 'open', F: 'closed', P: 'pending' });
  // O, W, E, G: German offen / wartend / erledigt / geschlossen.
  assert.deepEqual(mapOf('status', 'O', 'W', 'E', 'G'), { O: 'open', W: 'pending', E: 'solved', G: 'closed' });
  assert.deepEqual(mapOf('priority', 'L', 'M', 'H', 'U'), { L: 'low', M: 'normal', H: 'high', U: 'urgent' });
  for (const choice of proposeValueMap('status', found('O', 'C'))) assert.match(choice.reason, /initial of an English word.*check/);
});

test('numbers are spread over the scale in order, a zero priority is none, and the reason asks to check the direction', () => {
  assert.deepEqual(mapOf('priority', '4', '2', '1', '3'), { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' });
  assert.deepEqual(mapOf('priority', '0', '1', '2', '3'), { 0: 'none', 1: 'low', 2: 'normal', 3: 'high' });
  assert.deepEqual(mapOf('status', '1', '2', '3', '4', '5'), { 1: 'new', 2: 'open', 3: 'pending', 4: 'solved', 5: 'closed' });
  assert.deepEqual(mapOf('status', '10', '20'), { 10: 'open', 20: 'closed' });
  assert.match(proposeValueMap('priority', found('1', '2'))[0]!.reason, /Check the direction/);
});

test('values with no recognisable meaning keep their count and are left for the user, never guessed', () => {
  const choices = proposeValueMap('status', [{ value: 'open', count: 7 }, { value: 'zq-42', count: 3 }, { value: 'blue', count: 1 }]);
  assert.deepEqual(choices.map(({ value, count, proposed }) => ({ value, count, proposed })), [
    { value: 'open', count: 7, proposed: 'open' }, { value: 'zq-42', count: 3, proposed: undefined }, { value: 'blue', count: 1, proposed: undefined },
  ]);
  assert.match(choices[1]!.reason, /choose what it becomes/);
  assert.deepEqual(valueMapOf(choices), { open: 'open' });
});
