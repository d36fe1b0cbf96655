// A TDS (SQL Server wire protocol) test double for the tedious driver, answering from an in-memory SQLite database.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { createServer, type Socket } from 'node:net';
import { installCatalog } from './catalog.js';
import { parseLogin7, parseRpc, parseSqlBatch, type SqlCall } from './requests.js';
import { ntlmChallenge, ntlmMessageType, verifyNtlmAuthenticate } from './ntlm.js';
import { DONE, columnMetadata, doneTokens, done, errorToken, loginAcknowledgement, preloginResponse, returnStatus, rowToken, sspiToken } from './results.js';
import { runStatement } from './statements.js';
import { PACKET, TokenWriter, readMessages, writeMessage, type Message } from './wire.js';

export interface TdsTestDoubleOptions {
  user: string;
  password: string;
  database: string;
  /** Answer pre-login with "encryption required", as a server that refuses plain connections. */
  requireEncryption?: boolean;
  /** Accept Windows (NTLM) logins of this domain account, checking the NTLMv2 response against its password. */
  ntlm?: { domain: string; user: string; password: string };
}

export interface TdsTestDouble {
  port: number;
  /** The SQLite database behind the double. */
  database: Database;
  openConnections(): number;
  close(): Promise<void>;
}

interface Session {
  socket: Socket; packetSize: number; loggedIn: boolean; waiting: boolean;
  /** An NTLM login under way: the challenge sent and what the LOGIN7 asked for. */
  ntlm?: { serverChallenge: Buffer; database: string; packetSize: number };
}

function refuse(session: Session, number: number, message: string): void {
  const out = new TokenWriter();
  errorToken(out, number, message, 14);
  done(out, doneTokens.done, DONE.error, 0);
  writeMessage(session.socket, PACKET.tabularResult, out.toBuffer());
}

function acknowledge(session: Session, options: TdsTestDoubleOptions, database: string, packetSize: number): void {
  if (database && database !== options.database) {
    return refuse(session, 4060, `Cannot open database "${database}" requested by the login. The login failed.`);
  }
  session.loggedIn = true;
  session.packetSize = packetSize || 4096;
  writeMessage(session.socket, PACKET.tabularResult, loginAcknowledgement(options.database, session.packetSize));
}

/** NEGOTIATE in the LOGIN7: answered with a CHALLENGE in an SSPI token, as SQL Server does. */
function beginNtlm(session: Session, options: TdsTestDoubleOptions, login: ReturnType<typeof parseLogin7>): void {
  if (!options.ntlm || ntlmMessageType(login.sspi!) !== 1) {
    return refuse(session, 18452, 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.');
  }
  const { message, serverChallenge } = ntlmChallenge(options.ntlm.domain);
  session.ntlm = { serverChallenge, database: login.database, packetSize: login.packetSize };
  writeMessage(session.socket, PACKET.tabularResult, sspiToken(message));
}

/** AUTHENTICATE: the NTLMv2 response must prove the account's password. */
function finishNtlm(session: Session, message: Message, options: TdsTestDoubleOptions): void {
  const pending = session.ntlm;
  session.ntlm = undefined;
  if (!pending || !options.ntlm || ntlmMessageType(message.payload) !== 3) return void session.socket.destroy();
  const answer = verifyNtlmAuthenticate(message.payload, pending.serverChallenge, options.ntlm.password);
  const sameAccount = answer.user.toLowerCase() === options.ntlm.user.toLowerCase() && answer.domain.toLowerCase() === options.ntlm.domain.toLowerCase();
  if (!answer.valid || !sameAccount) return refuse(session, 18456, `Login failed for user '${answer.domain}\\${answer.user}'.`);
  acknowledge(session, options, pending.database, pending.packetSize);
}

function answerLogin(session: Session, message: Message, options: TdsTestDoubleOptions): void {
  const login = parseLogin7(message.payload);
  if (login.sspi) return beginNtlm(session, options, login);
  const out = new TokenWriter();
  if (login.user !== options.user || login.password !== options.password) {
    errorToken(out, 18456, `Login failed for user '${login.user}'.`, 14);
  } else if (login.database && login.database !== options.database) {
    errorToken(out, 4060, `Cannot open database "${login.database}" requested by the login. The login failed.`, 11);
  } else {
    session.loggedIn = true;
    session.packetSize = login.packetSize || 4096;
    writeMessage(session.socket, PACKET.tabularResult, loginAcknowledgement(options.database, session.packetSize));
    return;
  }
  done(out, doneTokens.done, DONE.error, 0);
  writeMessage(session.socket, PACKET.tabularResult, out.toBuffer());
}

/** Runs every statement of a batch or sp_executesql call; a statement that never ends waits for ATTENTION. */
function answerCall(session: Session, database: Database, call: SqlCall, procedure: boolean): void {
  const out = new TokenWriter();
  const inner = procedure ? doneTokens.doneInProc : doneTokens.done;
  try {
    const outcomes = runStatement(database, call);
    if (outcomes === 'never-ends') {
      session.waiting = true;
      return;
    }
    outcomes.forEach((outcome, index) => {
      const columns = outcome.columns;
      if (columns) {
        columnMetadata(out, columns);
        for (const row of outcome.rows) rowToken(out, columns, row);
      }
      const last = index === outcomes.length - 1 && !procedure;
      done(out, inner, (last ? DONE.final : DONE.more) | DONE.count, outcome.count);
    });
    if (procedure) done(returnStatus(out), doneTokens.doneProc, DONE.final, 0);
    else if (outcomes.length === 0) done(out, doneTokens.done, DONE.final, 0);
  } catch (error) {
    const failed = new TokenWriter();
    errorToken(failed, 50000, (error as Error).message);
    done(failed, procedure ? doneTokens.doneProc : doneTokens.done, DONE.error, 0);
    writeMessage(session.socket, PACKET.tabularResult, failed.toBuffer(), session.packetSize);
    return;
  }
  writeMessage(session.socket, PACKET.tabularResult, out.toBuffer(), session.packetSize);
}

function handle(session: Session, message: Message, database: Database, options: TdsTestDoubleOptions): void {
  switch (message.type) {
    case PACKET.prelogin:
      return writeMessage(session.socket, PACKET.tabularResult, preloginResponse(options.requireEncryption === true));
    case PACKET.login7:
      return answerLogin(session, message, options);
    case PACKET.sspi:
      return finishNtlm(session, message, options);
    case PACKET.attention: {
      session.waiting = false;
      const out = done(new TokenWriter(), doneTokens.done, DONE.attention, 0);
      return writeMessage(session.socket, PACKET.tabularResult, out.toBuffer(), session.packetSize);
    }
    case PACKET.sqlBatch:
      if (!session.loggedIn) return void session.socket.destroy();
      return answerCall(session, database, { sql: parseSqlBatch(message.payload), parameters: {} }, false);
    case PACKET.rpc:
      if (!session.loggedIn) return void session.socket.destroy();
      return answerCall(session, database, parseRpc(message.payload), true);
    default:
      session.socket.destroy();
  }
}

/** Starts the double on 127.0.0.1 and a free port. */
export async function startTdsTestDouble(options: TdsTestDoubleOptions): Promise<TdsTestDouble> {
  const database = new BetterSqlite3(':memory:');
  installCatalog(database);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const session: Session = { socket, packetSize: 4096, loggedIn: false, waiting: false };
    readMessages(socket, (message) => {
      try {
        handle(session, message, database, options);
      } catch {
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The TDS test double got no port.');
  return {
    port: address.port,
    database,
    openConnections: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      database.close();
    },
  };
}
