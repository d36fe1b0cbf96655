// Runs a connector's statements under its query timeout, with errors turned into ConnectorErrors.
import type { Knex } from 'knex';
import type { ConnectionConfig, Value } from './connector.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { ConnectorError, noAnswerWithin } from './errors.js';
import { withDeadline } from './deadline.js';
import { classifyCommonError } from './classify-error.js';
import { disposeConnection, freeConnectionNow, poolClient } from './private/knex.js';

/** Lets Knex's own, more precise timeout errors arrive before the connector's overall deadline. */
const DEADLINE_GRACE_MS = 100;


/** Kept SQL texts whose driver form is remembered, like the statement cache's shapes. */
const MAX_POSITIONED = 500;

export class QueryRunner {
  /** Kept SQL with `?` placeholders (and, where equal values share a parameter, their pattern) -> the driver's form. */
  private readonly positioned = new Map<string, string>();

  constructor(private readonly knex: Knex, private readonly config: ConnectionConfig, private readonly quirks: DialectQuirks) {}

  /** Runs a statement through Knex; one holding custom SQL (`customSql`) in a read-only transaction of its own. */
  async run<T = unknown>(builder: Knex.QueryBuilder | Knex.Raw, customSql = false): Promise<T> {
    const timed = builder.timeout(this.config.queryTimeoutMs, { cancel: this.quirks.cancelsOnTimeout });
    if (!customSql || !this.quirks.directStatements?.beginReadOnly) return this.guard(() => this.withinDeadline(Promise.resolve(timed) as Promise<T>));
    return this.guard(() => this.withinDeadline(this.onConnection((connection) => this.readOnly(connection, () => {
      // Knex's runner uses a statement's `_connection` when one is set (QueryBuilder.connection() sets it; Raw has no setter).
      (timed as unknown as { _connection: unknown })._connection = connection;
      return Promise.resolve(timed) as Promise<T>;
    }))));
  }

  /**
   * Runs `work` on `connection` inside a read-only transaction started for it and then rolled back, so nothing the
   * statement did outlives it, not even a session setting (PostgreSQL undoes a set_config of a rolled-back
   * transaction): a session default that a statement could change is not relied on.
   */
  private async readOnly<T>(connection: unknown, work: () => Promise<T>): Promise<T> {
    const direct = this.quirks.directStatements;
    const begin = direct?.beginReadOnly;
    if (!direct || !begin) return work();
    await direct.run(connection, this.knex, begin, []);
    try {
      return await work();
    } finally {
      // A connection whose transaction could not be ended is not handed to anyone else.
      await direct.run(connection, this.knex, 'rollback', []).catch(() => disposeConnection(connection, 'rollback failed'));
    }
  }

  /**
   * Runs a statement that changes data. A failure before it was sent (no connection, the pool's wait) is classified
   * as any other and may be retried; once it was sent, only the database's own refusal says nothing was written: a
   * lost connection or a passed deadline leaves the outcome unknown (`db_outcome_unknown`), which invites no retry.
   */
  async write<T = unknown>(builder: Knex.QueryBuilder, sending?: () => void): Promise<T> {
    let sent = false;
    // Knex emits `query` on the builder once it holds a connection, just before the driver sends the statement; a
    // listener that throws there keeps the statement from leaving (Knex then releases the connection and rejects).
    builder.on('query', () => {
      sending?.();
      sent = true;
    });
    try {
      return await this.run<T>(builder);
    } catch (error) {
      const cause = error instanceof ConnectorError ? error.cause : error;
      if (!sent || (cause !== undefined && this.quirks.refusedByDatabase(cause))) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConnectorError('db_outcome_unknown', `The database did not confirm the write (${reason}); it may have been written.`, { cause: error });
    }
  }

  /** Marks a statement with an explicit column list as worth preparing once per session, where the dialect can. */
  prepared<T extends Knex.QueryBuilder | Knex.Raw>(statement: T): T {
    return this.quirks.preparesStatements ? statement.options({ prepare: true }) as T : statement;
  }

  /** Runs kept SQL (`?` placeholders) straight on a pooled connection, where the dialect can; else undefined. */
  direct(): ((sql: string, bindings: Value[], customSql?: boolean) => Promise<unknown>) | undefined {
    const direct = this.quirks.directStatements;
    if (!direct) return undefined;
    const runNow = direct.runNow;
    return (sql, bindings, customSql = false) => {
      const { text, values } = direct.namedParameter ? this.sharingEqualValues(sql, bindings, direct.namedParameter) : { text: this.driverSql(sql), values: bindings };
      // A synchronous statement on a free connection: what the pool and the deadlines below would add is only their cost.
      const free = runNow && !customSql ? freeConnectionNow(this.knex) : undefined;
      if (runNow && free !== undefined) {
        try {
          return Promise.resolve(runNow(free, text, values));
        } catch (error) {
          return Promise.reject(this.classify(error));
        }
      }
      const statement = (connection: unknown) => direct.run(connection, this.knex, text, values);
      return this.guard(() => this.withinDeadline(this.onConnection((connection) => (customSql ? this.readOnly(connection, () => statement(connection)) : statement(connection)))));
    };
  }

  /**
   * Kept SQL in the driver's form with each distinct value bound once, its parameter named again wherever the value
   * recurs: a phone lookup matches the same 25 forms in two columns, 25 parameters instead of 50.
   */
  private sharingEqualValues(sql: string, bindings: Value[], named: (index: number) => string): { text: string; values: Value[] } {
    const slots: number[] = [];
    const firsts = new Map<Value, number>();
    const values: Value[] = [];
    for (const value of bindings) {
      let slot = firsts.get(value);
      if (slot === undefined) {
        slot = values.push(value) - 1;
        firsts.set(value, slot);
      }
      slots.push(slot);
    }
    if (values.length === bindings.length) return { text: this.driverSql(sql), values };
    // As Knex's positionBindings reads placeholders: `\?` is a literal question mark.
    const text = this.remembered(`${sql}\u0000${slots.join(',')}`, () => {
      let next = 0;
      return sql.replace(/\\?\?/g, (match) => (match === '\\?' ? '?' : named(slots[next++]!)));
    });
    return { text, values };
  }

  private driverSql(sql: string): string {
    return this.remembered(sql, () => poolClient(this.knex).positionBindings(sql));
  }

  /** The driver form kept under `key`, made and kept (up to MAX_POSITIONED) on first use. */
  private remembered(key: string, make: () => string): string {
    let text = this.positioned.get(key);
    if (text === undefined) {
      text = make();
      if (this.positioned.size < MAX_POSITIONED) this.positioned.set(key, text);
    }
    return text;
  }

  async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.classify(error);
    }
  }

  private timeoutError(): ConnectorError {
    return new ConnectorError('db_timeout', noAnswerWithin(this.config.queryTimeoutMs));
  }

  /**
   * Knex times the wait for a connection, the query and its cancellation (a second connection) one after another,
   * so an unreachable database could hold a caller for several timeouts; the caller waits for at most one.
   * The abandoned query still ends by itself: Knex cancels it or discards its connection.
   */
  private withinDeadline<T>(work: Promise<T>): Promise<T> {
    return withDeadline(work, this.config.queryTimeoutMs + DEADLINE_GRACE_MS, () => { throw this.timeoutError(); });
  }

  /**
   * Runs `work` on a pooled connection, as Knex's runner would: past the query timeout the connection is marked for
   * the pool to destroy (a hung server must not keep a pool slot), its statement stopped where the session does not
   * stop it, and it goes back to the pool at once.
   */
  private async onConnection<T>(work: (connection: unknown) => Promise<T>): Promise<T> {
    const client = poolClient(this.knex);
    const connection = await client.acquireConnection();
    try {
      return await withDeadline(work(connection), this.config.queryTimeoutMs, () => {
        disposeConnection(connection, 'query timeout');
        this.quirks.directStatements?.stop?.(this.knex, connection);
        throw this.timeoutError();
      });
    } finally {
      void client.releaseConnection(connection);
    }
  }

  private classify(error: unknown): ConnectorError {
    if (error instanceof ConnectorError) return error;
    return this.quirks.classifyError(error, this.config) ?? classifyCommonError(error, this.config);
  }
}
