import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, validateSelect, type Dialect } from '../../connectors/index.js';

const refused = (sql: string, dialect: Dialect, reason: RegExp) => assert.throws(() => validateSelect(sql, dialect), (error: Error & { code?: string }) => {
  assert.equal(error.code, 'db_invalid_source', `${dialect}: ${sql}`);
  assert.match(error.message, reason, `${dialect}: ${sql}`);
  return true;
});

test('one read-only SELECT is accepted on every dialect, trailing semicolons removed', () => {
  for (const dialect of DIALECTS) {
    assert.equal(validateSelect('select * from customers;', dialect), 'select * from customers');
    assert.equal(validateSelect("WITH c AS (SELECT id FROM t) SELECT * FROM c WHERE name = 'drop; table'", dialect), "WITH c AS (SELECT id FROM t) SELECT * FROM c WHERE name = 'drop; table'");
    assert.ok(validateSelect("select replace(phone, '-', '') as p from customers -- insert", dialect));
    assert.ok(validateSelect('select c.id, c.name, count(t.id) as tickets from customers c left join tickets t on t.customer_id = c.id where c.id in (select customer_id from notes) group by c.id, c.name', dialect));
    assert.ok(validateSelect('select id, row_number() over (partition by customer_id order by created_at desc) as position from tickets', dialect));
    assert.ok(validateSelect('select id, contact_id, kind, created_at from interactions', dialect));
    assert.ok(validateSelect('select id from contacts where score >= 5 union all select id from archive', dialect));
    assert.ok(validateSelect("select id from notes where body like '%sleep well%' and subject <> 'into the night'", dialect));
  }
  assert.ok(validateSelect('select id, name, phone, updated_at from contacts where score >= 5;', 'postgres'));
  assert.ok(validateSelect('select a::text, lower(email) as e from t where c ilike \'%x%\' and d = any(array[1,2])', 'postgres'));
  assert.ok(validateSelect("select date_format(created_at, '%Y'), ifnull(a, b), concat(a, '-', b) from t", 'mysql'));
  assert.ok(validateSelect('select top 10 id from t with (nolock)', 'mssql'));
});

test('anything but one SELECT is refused with the reason', () => {
  for (const dialect of DIALECTS) {
    refused('delete from customers', dialect, /SELECT/);
    refused('select 1; drop table customers', dialect, /exactly one statement/);
    refused('with x as (delete from t returning *) select * from x', dialect, /could not read .* as one SELECT.*view/);
    refused("select 'unterminated", dialect, /could not read/);
    refused('  ;  ', dialect, /empty/);
    refused('select * from customers) as src, (select 1', dialect, /could not read .*line 1, column 24/);
  }
  for (const dialect of DIALECTS) refused('select id from customers for update', dialect, /locking reads/);
  refused('select id from customers for no key update', 'postgres', /locking reads/);
  refused('select id from customers lock in share mode', 'mysql', /locking reads/);
  refused('select * into copy from customers', 'postgres', /INTO/);
  refused('select * into copy from customers', 'mssql', /INTO/);
  refused('select * into #copy from customers', 'mssql', /INTO/);
  refused("select id from customers into outfile '/tmp/x'", 'mysql', /OUTFILE/);
  refused('select id from customers into @x', 'mysql', /INTO/);
});

test('the MariaDB file-writing source is refused: executable comment, unbalanced parenthesis, # comment', () => {
  refused("select * from customers) as src /*!into outfile '/tmp/x'*/ #", 'mysql', /executable comments/);
  refused("select id from customers /*M!100000 into outfile '/tmp/x' */", 'mysql', /executable comments/);
  refused('select id from customers # note', 'mysql', /"#" comments/);
  refused("select 1--1, load_file('/etc/passwd')", 'mysql', /load_file|minus minus/);
  refused("select 1--1 into outfile '/tmp/x'", 'mysql', /minus minus|OUTFILE/);
  // A backslash-escaped quote, as MySQL reads it, does not hide what follows.
  refused("select '\\'' , load_file('/etc/passwd') -- '", 'mysql', /load_file/);
  refused('select * from customers for update', 'mysql', /locking reads/);
  refused('select @a := 1', 'mysql', /assigning variables/);
  for (const call of ['sleep(30)', 'benchmark(1000000, md5(1))', "get_lock('x', 10)", 'NEXTVAL(s)', "`load_file`('/etc/passwd')", "sys.load_file ('/etc/passwd')"]) {
    refused(`select ${call} as x`, 'mysql', /is not allowed/);
  }
});

test('PostgreSQL: functions that write, reach files or change the session are refused wherever they stand', () => {
  for (const sql of [
    "select set_config('default_transaction_read_only', 'off', false)",
    "select \"set_config\"('default_transaction_read_only', 'off', false)",
    "select pg_catalog.set_config ('statement_timeout', '0', false)",
    "select id from customers where id = (select length(set_config('a.b', 'c', false)))",
    "select nextval('customers_id_seq')", "select lo_import('/etc/passwd')", "select lo_export(16384, '/tmp/x')",
    "select pg_read_file('/etc/passwd')", "select * from pg_ls_dir('.')", "select * from dblink('host=x', 'select 1') as t(a int)",
    "select query_to_xml('insert into t values (1)', true, true, '')", 'select pg_sleep(30)', 'select pg_terminate_backend(1)',
    "select $$'$$, set_config('a.b', 'c', false) --'", 'select pg_advisory_lock(1)',
    "select 1 /* /* */ , set_config('a.b', 'c', false) */",
  ]) refused(sql, 'postgres', /is not allowed/);
  refused("select U&\"set\\005fconfig\"('default_transaction_read_only', 'off', false)", 'postgres', /Unicode-escaped names/);
});

test('SQL Server and SQLite: functions that reach files, servers or extensions are refused', () => {
  for (const sql of ["select * from openrowset('SQLNCLI', 'server=x', 'select 1')", "select * from openquery(srv, 'select 1')", "select xp_cmdshell('dir')", "select [xp_cmdshell]('dir')"]) {
    refused(sql, 'mssql', /is not allowed/);
  }
  refused('select * from t with (updlock)', 'mssql', /UPDLOCK/);
  for (const sql of ["select load_extension('/tmp/evil.so')", "select writefile('/tmp/x', 'y')", "select readfile('/etc/passwd')", "select fts3_tokenizer('simple')"]) {
    refused(sql, 'sqlite', /is not allowed/);
  }
});
