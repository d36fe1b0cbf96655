import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSelect } from '../../connectors/index.js';

test('one read-only SELECT is accepted, trailing semicolons removed', () => {
  assert.equal(validateSelect('select * from customers;'), 'select * from customers');
  assert.equal(validateSelect("WITH c AS (SELECT id FROM t) SELECT * FROM c WHERE name = 'drop; table'"), "WITH c AS (SELECT id FROM t) SELECT * FROM c WHERE name = 'drop; table'");
  assert.ok(validateSelect("select replace(phone, '-', '') as p from customers -- insert"));
});

test('anything else is refused with the reason', () => {
  assert.throws(() => validateSelect('delete from customers'), /SELECT/);
  assert.throws(() => validateSelect('select 1; drop table customers'), /exactly one statement/);
  assert.throws(() => validateSelect('select * into copy from customers'), /"INTO" is not allowed/);
  assert.throws(() => validateSelect('with x as (delete from t returning *) select * from x'), /"DELETE"/);
  assert.throws(() => validateSelect("select 'unterminated"), /unterminated/);
  assert.throws(() => validateSelect('  ;  '), /empty/);
});
