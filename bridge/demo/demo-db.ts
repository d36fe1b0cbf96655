// Builds the embedded demo CRM: customers, tickets, notes and agents in a SQLite file.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sqliteDateText } from '../../connectors/index.js';
import { createOwnerOnlyFile } from '../state/data-dir.js';
import { CITIES, COMPANIES, FIRST_NAMES, LAST_NAMES, STREETS, TITLES, makeNumber, pick, seededRandom, writeNumber } from './demo-data.js';

const SCHEMA = `
create table customers (
  id integer primary key, first_name text, last_name text, company text, job_title text,
  email text, email2 text, phone text, mobile text, street text, city text, country text,
  created_at text not null, updated_at text not null
);
create index customers_updated on customers(updated_at, id);
create index customers_phone on customers(phone);
create index customers_mobile on customers(mobile);
create index customers_email on customers(email collate nocase);
create index customers_email2 on customers(email2 collate nocase);
create table tickets (
  id integer primary key, customer_id integer not null references customers(id), subject text not null, body text,
  state text not null, prio text, created_at text not null
);
create index tickets_customer on tickets(customer_id, created_at);
create table notes (
  id integer primary key, customer_id integer, agent_id text, subject text not null, body text, created_at text not null
);
create index notes_customer on notes(customer_id, created_at);
create table agents (id integer primary key, name text not null, email text);
`;

const SUBJECTS = ['Order not delivered', 'Invoice question', 'Change of address', 'Refund request', 'Product defect',
  'Login problem', 'Upgrade plan', 'Cancel subscription', 'Delivery delayed', 'Wrong item received'];
const STATES = ['new', 'open', 'waiting', 'done', 'closed'];
const PRIORITIES = ['low', 'normal', 'normal', 'high', 'urgent', null];

export interface DemoOptions { contacts: number }

/** (Re)creates the demo database at `file`; returns the number of contacts written. */
export function createDemoDatabase(file: string, options: DemoOptions = { contacts: 1200 }): number {
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  createOwnerOnlyFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const random = seededRandom(20241123);
  const insertCustomer = db.prepare(`insert into customers (id, first_name, last_name, company, job_title, email, email2, phone, mobile,
    street, city, country, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTicket = db.prepare('insert into tickets (customer_id, subject, body, state, prio, created_at) values (?, ?, ?, ?, ?, ?)');
  const base = Date.UTC(2024, 0, 1);
  // Few distinct update times, so many rows share a timestamp across page boundaries.
  const distinctTimes = Math.max(10, Math.floor(options.contacts / 5));
  db.transaction(() => {
    for (let id = 1; id <= options.contacts; id += 1) {
      const first = pick(random, FIRST_NAMES);
      const last = random() < 0.03 ? null : pick(random, LAST_NAMES);
      const [city, region] = pick(random, CITIES);
      const mail = `${first}.${last ?? 'x'}${id}`.normalize('NFD').replace(/[^\w.]/g, '').toLowerCase();
      const phoneRoll = random();
      const phone = phoneRoll < 0.02 ? 'n/a' : phoneRoll < 0.06 ? null : writeNumber(random, makeNumber(random, region, false));
      const mobile = random() < 0.5 ? writeNumber(random, makeNumber(random, region, true)) : null;
      const created = base + Math.floor(random() * 300) * 86_400_000;
      const updated = base + 400 * 86_400_000 + Math.floor(random() * distinctTimes) * 1000;
      insertCustomer.run(id, first, last, random() < 0.85 ? pick(random, COMPANIES) : null, random() < 0.7 ? pick(random, TITLES) : null,
        random() < 0.1 ? `${mail.toUpperCase()}@EXAMPLE.COM` : `${mail}@example.com`, random() < 0.3 ? `${mail}@work.example.org` : null,
        phone, mobile, random() < 0.8 ? `${1 + Math.floor(random() * 200)} ${pick(random, STREETS)}` : null, city, region,
        sqliteDateText(new Date(created)), sqliteDateText(new Date(updated)));
      const tickets = Math.floor(random() * 5);
      for (let ticket = 0; ticket < tickets; ticket += 1) {
        insertTicket.run(id, pick(random, SUBJECTS), 'The customer called about this.', pick(random, STATES), pick(random, PRIORITIES),
          sqliteDateText(new Date(created + Math.floor(random() * 400) * 3_600_000)));
      }
    }
    const insertAgent = db.prepare('insert into agents (name, email) values (?, ?)');
    for (const name of ['Alex Morgan', 'Rita Sousa', 'Sam Patel', 'Jordan Lee', 'Kim Weber', 'Chris Doyle']) {
      insertAgent.run(name, `${name.split(' ')[0]!.toLowerCase()}@contact-centre.example.com`);
    }
  })();
  db.close();
  return options.contacts;
}
