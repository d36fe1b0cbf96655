// CRM schemas of many shapes (English, Portuguese, Spanish, German; snake, camel, Pascal, upper case) with the proposal each should get.
import type { Knex } from 'knex';
import type { Dialect } from '../../connectors/index.js';

export type ColumnType = 'pk' | 'int' | 'text' | 'date' | 'bool' | 'blob';
export interface TableSpec {
  name: string;
  columns: Array<[string, ColumnType]>;
  /** Values per column, cycled over the rows (a function gets the row's index). */
  values: Record<string, unknown[] | ((row: number) => unknown)>;
  rows: number;
  indexes?: string[];
  unique?: string[];
}

/** What a right proposal holds; each entry counts as one decision when accuracy is measured. */
export interface Expected {
  contacts: string; key: string; checkpoint: string; name: string; phones: string[]; emails: string[];
  company?: string; title?: string; address?: boolean; region: string; where?: string;
  interactions: Array<{ table: string; contactKey: string; subject?: string; date: string; status?: Record<string, string>; priority?: Record<string, string> }>;
  agents?: string; action?: string;
}

export interface SchemaCase { name: string; locale: string; tables: TableSpec[]; expected: Expected }

const day = (row: number, base = 0): string => `2024-${String(1 + ((row + base) % 12)).padStart(2, '0')}-${String(1 + (row % 27)).padStart(2, '0')} 10:${String(row % 60).padStart(2, '0')}:00`;
const dayOf = (row: number): string => `2024-0${1 + (row % 9)}-1${row % 9} 10:00:00`;

const US_PHONES = ['(415) 867-5309', '(212) 555-0147', '(312) 555-0199', '(617) 555-0123', '415-555-0100', '(646) 555-0170'];
const PT_PHONES = ['912 345 678', '21 234 5678', '936 111 222', '917 654 321', '22 123 4567'];
const BR_PHONES = ['(11) 98765-4321', '(21) 3456-7890', '(31) 99876-5432', '(11) 3333-4444'];
const ES_PHONES = ['612 34 56 78', '91 123 45 67', '655 44 33 22', '93 222 33 44'];
const DE_PHONES = ['030 12345678', '0151 23456789', '089 1234567', '040 7654321'];
const GB_PHONES = ['020 7946 0018', '07911 123456', '0161 496 0000', '0113 496 0999'];
const AT_PHONES = ['0664 1234567', '01 5123456', '0316 123456'];
const MX_PHONES = ['55 1234 5678', '33 1234 5678', '81 2345 6789'];

export const SCHEMA_CASES: SchemaCase[] = [
  {
    name: 'English snake_case CRM', locale: 'en-US',
    tables: [
      { name: 'customers', rows: 60, indexes: ['updated_at'], columns: [['id', 'pk'], ['first_name', 'text'], ['last_name', 'text'], ['email', 'text'], ['phone', 'text'], ['mobile', 'text'], ['company', 'text'], ['job_title', 'text'], ['street', 'text'], ['city', 'text'], ['zip', 'text'], ['country', 'text'], ['updated_at', 'date'], ['deleted_at', 'date']],
        values: { first_name: ['Ann', 'Bob', 'Cleo'], last_name: ['Lee', 'Moss'], email: (r) => `p${r}@example.com`, phone: US_PHONES, mobile: US_PHONES.slice(2), company: ['Acme', 'Globex'], job_title: ['CEO', 'Buyer'], street: ['1 Main St'], city: ['Boston'], zip: ['02110'], country: ['US'], updated_at: (r) => day(r), deleted_at: (r) => (r % 9 === 0 ? day(r) : null) } },
      { name: 'tickets', rows: 80, columns: [['id', 'pk'], ['customer_id', 'int'], ['subject', 'text'], ['description', 'text'], ['status', 'text'], ['priority', 'text'], ['created_at', 'date']],
        values: { customer_id: (r) => 1 + (r % 60), subject: ['Broken', 'Invoice'], description: ['Long text'], status: ['open', 'pending', 'closed', 'solved', 'new'], priority: ['low', 'normal', 'high', 'urgent'], created_at: (r) => day(r) } },
      { name: 'users', rows: 5, columns: [['id', 'pk'], ['name', 'text'], ['email', 'text']], values: { name: ['Agent A', 'Agent B'], email: (r) => `agent${r}@office.example` } },
      { name: 'call_notes', rows: 10, columns: [['id', 'pk'], ['customer_id', 'int'], ['note', 'text'], ['created_at', 'date']], values: { customer_id: (r) => r + 1, note: ['called back'], created_at: (r) => day(r) } },
    ],
    expected: { contacts: 'customers', key: 'id', checkpoint: 'updated_at', name: '{first_name} {last_name}', phones: ['phone', 'mobile'], emails: ['email'], company: 'company', title: 'job_title', address: true, region: 'US', where: 'deleted_at',
      interactions: [{ table: 'tickets', contactKey: 'customer_id', subject: 'subject', date: 'created_at', status: { open: 'open', pending: 'pending', closed: 'closed', solved: 'solved', new: 'new' }, priority: { low: 'low', normal: 'normal', high: 'high', urgent: 'urgent' } }, { table: 'call_notes', contactKey: 'customer_id', date: 'created_at' }],
      agents: 'users', action: 'call_notes' },
  },
  {
    name: 'Portuguese snake_case CRM (Brazil)', locale: 'pt-BR',
    tables: [
      { name: 'clientes', rows: 50, indexes: ['atualizado_em'], columns: [['id', 'pk'], ['nome', 'text'], ['sobrenome', 'text'], ['telefone', 'text'], ['celular', 'text'], ['email', 'text'], ['empresa', 'text'], ['cargo', 'text'], ['rua', 'text'], ['cidade', 'text'], ['cep', 'text'], ['atualizado_em', 'date'], ['excluido', 'bool']],
        values: { nome: ['Ana', 'João'], sobrenome: ['Silva', 'Souza'], telefone: BR_PHONES, celular: BR_PHONES.slice(1), email: (r) => `c${r}@exemplo.com.br`, empresa: ['Padaria'], cargo: ['Gerente'], rua: ['Rua A, 10'], cidade: ['São Paulo'], cep: ['01000-000'], atualizado_em: (r) => day(r), excluido: (r) => r % 7 === 0 } },
      { name: 'chamados', rows: 60, columns: [['id', 'pk'], ['cliente_id', 'int'], ['assunto', 'text'], ['descricao', 'text'], ['situacao', 'text'], ['prioridade', 'text'], ['data_abertura', 'date']],
        values: { cliente_id: (r) => 1 + (r % 50), assunto: ['Problema'], descricao: ['Texto'], situacao: ['Aberto', 'Pendente', 'Resolvido', 'Fechado'], prioridade: ['Baixa', 'Média', 'Alta', 'Urgente'], data_abertura: (r) => day(r) } },
      { name: 'atendentes', rows: 4, columns: [['id', 'pk'], ['nome', 'text'], ['email', 'text']], values: { nome: ['Carla'], email: (r) => `a${r}@empresa.com.br` } },
      { name: 'ligacoes', rows: 10, columns: [['id', 'pk'], ['cliente_id', 'int'], ['observacao', 'text'], ['data', 'date']], values: { cliente_id: (r) => r + 1, observacao: ['ok'], data: (r) => day(r) } },
    ],
    expected: { contacts: 'clientes', key: 'id', checkpoint: 'atualizado_em', name: '{nome} {sobrenome}', phones: ['telefone', 'celular'], emails: ['email'], company: 'empresa', title: 'cargo', address: true, region: 'BR', where: 'excluido',
      interactions: [{ table: 'chamados', contactKey: 'cliente_id', subject: 'assunto', date: 'data_abertura', status: { Aberto: 'open', Pendente: 'pending', Resolvido: 'solved', Fechado: 'closed' }, priority: { Baixa: 'low', Média: 'normal', Alta: 'high', Urgente: 'urgent' } }, { table: 'ligacoes', contactKey: 'cliente_id', date: 'data' }],
      agents: 'atendentes', action: 'ligacoes' },
  },
  {
    name: 'Spanish camelCase CRM', locale: 'es-ES',
    tables: [
      { name: 'clientes', rows: 40, indexes: ['fechaModificacion'], columns: [['idCliente', 'pk'], ['nombre', 'text'], ['apellidos', 'text'], ['telefono', 'text'], ['movil', 'text'], ['correo', 'text'], ['empresa', 'text'], ['ciudad', 'text'], ['codigoPostal', 'text'], ['fechaModificacion', 'date'], ['activo', 'bool']],
        values: { nombre: ['Lucía', 'Pablo'], apellidos: ['García López'], telefono: ES_PHONES, movil: ES_PHONES.slice(2), correo: (r) => `c${r}@ejemplo.es`, empresa: ['Bar Pepe'], ciudad: ['Madrid'], codigoPostal: ['28001'], fechaModificacion: (r) => day(r), activo: (r) => r % 6 !== 0 } },
      { name: 'incidencias', rows: 50, columns: [['id', 'pk'], ['idCliente', 'int'], ['asunto', 'text'], ['descripcion', 'text'], ['estado', 'text'], ['prioridad', 'text'], ['fechaCreacion', 'date']],
        values: { idCliente: (r) => 1 + (r % 40), asunto: ['Avería'], descripcion: ['Texto'], estado: ['abierto', 'en espera', 'resuelto', 'cerrado'], prioridad: ['baja', 'media', 'alta'], fechaCreacion: (r) => day(r) } },
      { name: 'empleados', rows: 3, columns: [['id', 'pk'], ['nombre', 'text'], ['correo', 'text']], values: { nombre: ['Marta'], correo: (r) => `e${r}@empresa.es` } },
      { name: 'llamadas', rows: 10, columns: [['id', 'pk'], ['idCliente', 'int'], ['notas', 'text'], ['fecha', 'date']], values: { idCliente: (r) => r + 1, notas: ['ok'], fecha: (r) => day(r) } },
    ],
    expected: { contacts: 'clientes', key: 'idCliente', checkpoint: 'fechaModificacion', name: '{nombre} {apellidos}', phones: ['telefono', 'movil'], emails: ['correo'], company: 'empresa', address: true, region: 'ES', where: 'activo',
      interactions: [{ table: 'incidencias', contactKey: 'idCliente', subject: 'asunto', date: 'fechaCreacion', status: { abierto: 'open', 'en espera': 'pending', resuelto: 'solved', cerrado: 'closed' }, priority: { baja: 'low', media: 'normal', alta: 'high' } }, { table: 'llamadas', contactKey: 'idCliente', date: 'fecha' }],
      agents: 'empleados', action: 'llamadas' },
  },
  {
    name: 'German PascalCase CRM', locale: 'de-DE',
    tables: [
      { name: 'Kunden', rows: 40, indexes: ['GeaendertAm'], columns: [['KundeID', 'pk'], ['Vorname', 'text'], ['Nachname', 'text'], ['Telefon', 'text'], ['Handy', 'text'], ['EMail', 'text'], ['Firma', 'text'], ['Strasse', 'text'], ['PLZ', 'text'], ['Ort', 'text'], ['GeaendertAm', 'date'], ['Geloescht', 'bool']],
        values: { Vorname: ['Jürgen', 'Anna'], Nachname: ['Müller', 'Schmidt'], Telefon: DE_PHONES, Handy: DE_PHONES.slice(1), EMail: (r) => `k${r}@beispiel.de`, Firma: ['Bäckerei'], Strasse: ['Hauptstr. 1'], PLZ: ['10115'], Ort: ['Berlin'], GeaendertAm: (r) => day(r), Geloescht: (r) => r % 8 === 0 } },
      { name: 'Tickets', rows: 50, columns: [['TicketID', 'pk'], ['KundeID', 'int'], ['Betreff', 'text'], ['Beschreibung', 'text'], ['Status', 'text'], ['Prioritaet', 'text'], ['ErstelltAm', 'date']],
        values: { KundeID: (r) => 1 + (r % 40), Betreff: ['Störung'], Beschreibung: ['Text'], Status: ['offen', 'in Bearbeitung', 'wartend', 'erledigt', 'geschlossen'], Prioritaet: ['niedrig', 'mittel', 'hoch', 'dringend'], ErstelltAm: (r) => day(r) } },
      { name: 'Mitarbeiter', rows: 3, columns: [['MitarbeiterID', 'pk'], ['Name', 'text'], ['EMail', 'text']], values: { Name: ['Heike'], EMail: (r) => `m${r}@firma.de` } },
      { name: 'Anrufe', rows: 10, columns: [['AnrufID', 'pk'], ['KundeID', 'int'], ['Notiz', 'text'], ['Datum', 'date']], values: { KundeID: (r) => r + 1, Notiz: ['ok'], Datum: (r) => day(r) } },
    ],
    expected: { contacts: 'Kunden', key: 'KundeID', checkpoint: 'GeaendertAm', name: '{Vorname} {Nachname}', phones: ['Telefon', 'Handy'], emails: ['EMail'], company: 'Firma', address: true, region: 'DE', where: 'Geloescht',
      interactions: [{ table: 'Tickets', contactKey: 'KundeID', subject: 'Betreff', date: 'ErstelltAm', status: { offen: 'open', 'in Bearbeitung': 'open', wartend: 'pending', erledigt: 'solved', geschlossen: 'closed' }, priority: { niedrig: 'low', mittel: 'normal', hoch: 'high', dringend: 'urgent' } }, { table: 'Anrufe', contactKey: 'KundeID', date: 'Datum' }],
      agents: 'Mitarbeiter', action: 'Anrufe' },
  },
  {
    name: 'English UPPER_CASE CRM with letter and number codes', locale: 'en-GB',
    tables: [
      { name: 'CONTACTS', rows: 40, indexes: ['LAST_MODIFIED'], columns: [['CONTACT_ID', 'pk'], ['FULL_NAME', 'text'], ['PHONE_NUMBER', 'text'], ['EMAIL_ADDRESS', 'text'], ['COMPANY_NAME', 'text'], ['LAST_MODIFIED', 'date'], ['IS_DELETED', 'int']],
        values: { FULL_NAME: ['Jane Doe', 'Raj Patel'], PHONE_NUMBER: GB_PHONES, EMAIL_ADDRESS: (r) => `x${r}@example.co.uk`, COMPANY_NAME: ['Tesco'], LAST_MODIFIED: (r) => day(r), IS_DELETED: (r) => (r % 10 === 0 ? 1 : 0) } },
      { name: 'CASES', rows: 50, columns: [['CASE_ID', 'pk'], ['CONTACT_ID', 'int'], ['TITLE', 'text'], ['DETAILS', 'text'], ['STATUS', 'text'], ['PRIORITY', 'int'], ['OPENED_AT', 'date']],
        values: { CONTACT_ID: (r) => 1 + (r % 40), TITLE: ['Fault'], DETAILS: ['Text'], STATUS: ['O', 'C', 'P', 'H'], PRIORITY: [1, 2, 3, 4], OPENED_AT: (r) => day(r) } },
      { name: 'STAFF', rows: 3, columns: [['STAFF_ID', 'pk'], ['NAME', 'text'], ['EMAIL', 'text']], values: { NAME: ['Tom'], EMAIL: (r) => `s${r}@office.co.uk` } },
    ],
    expected: { contacts: 'CONTACTS', key: 'CONTACT_ID', checkpoint: 'LAST_MODIFIED', name: 'FULL_NAME', phones: ['PHONE_NUMBER'], emails: ['EMAIL_ADDRESS'], company: 'COMPANY_NAME', region: 'GB', where: 'IS_DELETED',
      interactions: [{ table: 'CASES', contactKey: 'CONTACT_ID', subject: 'TITLE', date: 'OPENED_AT', status: { O: 'open', C: 'closed', P: 'pending', H: 'pending' }, priority: { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' } }],
      agents: 'STAFF' },
  },
  {
    name: 'Messy CRM as in the issue (split names, tel/mobile, O/C/P/H, 1-4, call log, no updated column)', locale: 'en-US',
    tables: [
      { name: 'clients', rows: 60, columns: [['id', 'pk'], ['fname', 'text'], ['lname', 'text'], ['tel', 'text'], ['mobile', 'text'], ['email', 'text'], ['created', 'date']],
        values: { fname: ['Ann', 'Bo'], lname: ['Ray'], tel: ['(415) 867-5309', '415.555.0100', '4155550123', '+1 415 555 0155', null], mobile: ['212-555-0147', '', null], email: (r) => (r % 4 === 0 ? null : `m${r}@mail.example`), created: (r) => day(r) } },
      { name: 'cases', rows: 60, columns: [['id', 'pk'], ['client_id', 'int'], ['summary', 'text'], ['status', 'text'], ['priority', 'int'], ['opened', 'date']],
        values: { client_id: (r) => 1 + (r % 60), summary: ['Help'], status: ['O', 'C', 'P', 'H', 'O'], priority: [1, 2, 3, 4], opened: (r) => day(r) } },
      { name: 'users', rows: 4, columns: [['id', 'pk'], ['username', 'text'], ['email', 'text']], values: { username: ['sam'], email: (r) => `u${r}@office.example` } },
      { name: 'call_log', rows: 20, columns: [['id', 'pk'], ['client_id', 'int'], ['user_id', 'int'], ['notes', 'text'], ['called_at', 'date']], values: { client_id: (r) => r + 1, user_id: [1], notes: ['called'], called_at: (r) => day(r) } },
    ],
    expected: { contacts: 'clients', key: 'id', checkpoint: 'created', name: '{fname} {lname}', phones: ['tel', 'mobile'], emails: ['email'], region: 'US',
      interactions: [{ table: 'cases', contactKey: 'client_id', subject: 'summary', date: 'opened', status: { O: 'open', C: 'closed', P: 'pending', H: 'pending' }, priority: { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' } }, { table: 'call_log', contactKey: 'client_id', date: 'called_at' }],
      agents: 'users', action: 'call_log' },
  },
  {
    name: 'Portuguese camelCase clinic (Portugal)', locale: 'pt-PT',
    tables: [
      { name: 'pacientes', rows: 40, columns: [['idPaciente', 'pk'], ['nomeCompleto', 'text'], ['telemovel', 'text'], ['telefone', 'text'], ['email', 'text'], ['morada', 'text'], ['codigoPostal', 'text'], ['localidade', 'text'], ['dataAtualizacao', 'date']],
        values: { nomeCompleto: ['Maria Santos'], telemovel: PT_PHONES, telefone: PT_PHONES.slice(1), email: (r) => `p${r}@exemplo.pt`, morada: ['Rua X'], codigoPostal: ['1000-001'], localidade: ['Lisboa'], dataAtualizacao: (r) => day(r) } },
      { name: 'consultas', rows: 40, columns: [['id', 'pk'], ['idPaciente', 'int'], ['observacoes', 'text'], ['estado', 'text'], ['dataConsulta', 'date']],
        values: { idPaciente: (r) => 1 + (r % 40), observacoes: ['ok'], estado: ['agendada', 'realizada', 'cancelada'], dataConsulta: (r) => day(r) } },
    ],
    expected: { contacts: 'pacientes', key: 'idPaciente', checkpoint: 'dataAtualizacao', name: 'nomeCompleto', phones: ['telemovel', 'telefone'], emails: ['email'], address: true, region: 'PT',
      interactions: [{ table: 'consultas', contactKey: 'idPaciente', date: 'dataConsulta', status: { agendada: 'open', realizada: 'solved', cancelada: 'closed' } }] },
  },
  {
    name: 'Spanish UPPER_CASE orders (Mexico)', locale: 'es-MX',
    tables: [
      { name: 'CLIENTES', rows: 30, columns: [['ID', 'pk'], ['NOMBRE', 'text'], ['TELEFONO', 'text'], ['EMAIL', 'text'], ['DIRECCION', 'text'], ['CIUDAD', 'text'], ['PAIS', 'text'], ['FECHA_ALTA', 'date']],
        values: { NOMBRE: ['José Pérez'], TELEFONO: MX_PHONES, EMAIL: (r) => `c${r}@correo.mx`, DIRECCION: ['Av. Juárez 1'], CIUDAD: ['CDMX'], PAIS: ['México'], FECHA_ALTA: (r) => day(r) } },
      { name: 'PEDIDOS', rows: 40, columns: [['ID', 'pk'], ['CLIENTE_ID', 'int'], ['DESCRIPCION', 'text'], ['ESTADO', 'text'], ['FECHA', 'date']],
        values: { CLIENTE_ID: (r) => 1 + (r % 30), DESCRIPCION: ['Pedido'], ESTADO: ['PENDIENTE', 'ENVIADO', 'ENTREGADO', 'CANCELADO'], FECHA: (r) => day(r) } },
    ],
    expected: { contacts: 'CLIENTES', key: 'ID', checkpoint: 'FECHA_ALTA', name: 'NOMBRE', phones: ['TELEFONO'], emails: ['EMAIL'], address: true, region: 'MX',
      interactions: [{ table: 'PEDIDOS', contactKey: 'CLIENTE_ID', date: 'FECHA', status: { PENDIENTE: 'pending', ENVIADO: 'solved', ENTREGADO: 'solved', CANCELADO: 'closed' } }] },
  },
  {
    name: 'German snake_case appointments (Austria)', locale: 'de-AT',
    tables: [
      { name: 'personen', rows: 30, indexes: ['aktualisiert_am'], columns: [['id', 'pk'], ['vorname', 'text'], ['nachname', 'text'], ['telefon', 'text'], ['email', 'text'], ['aktualisiert_am', 'date'], ['aktiv', 'bool']],
        values: { vorname: ['Lena'], nachname: ['Huber'], telefon: AT_PHONES, email: (r) => `p${r}@beispiel.at`, aktualisiert_am: (r) => day(r), aktiv: (r) => r % 5 !== 0 } },
      { name: 'termine', rows: 40, columns: [['id', 'pk'], ['person_id', 'int'], ['betreff', 'text'], ['status', 'text'], ['datum', 'date']],
        values: { person_id: (r) => 1 + (r % 30), betreff: ['Beratung'], status: ['geplant', 'abgesagt', 'erledigt'], datum: (r) => day(r) } },
    ],
    expected: { contacts: 'personen', key: 'id', checkpoint: 'aktualisiert_am', name: '{vorname} {nachname}', phones: ['telefon'], emails: ['email'], region: 'AT', where: 'aktiv',
      interactions: [{ table: 'termine', contactKey: 'person_id', subject: 'betreff', date: 'datum', status: { geplant: 'open', abgesagt: 'closed', erledigt: 'solved' } }] },
  },
  {
    name: 'No dates and no primary key: a unique code column', locale: 'en-US',
    tables: [
      { name: 'people', rows: 20, unique: ['code'], columns: [['code', 'text'], ['name', 'text'], ['phone', 'text']], values: { code: (r) => `P${1000 + r}`, name: ['Kim'], phone: US_PHONES } },
    ],
    expected: { contacts: 'people', key: 'code', checkpoint: 'code', name: 'name', phones: ['phone'], emails: [], region: 'US', interactions: [] },
  },
  {
    name: 'Binary photo, NULL-only columns and a fax', locale: 'en-US',
    tables: [
      { name: 'members', rows: 25, columns: [['id', 'pk'], ['name', 'text'], ['photo', 'blob'], ['phone', 'text'], ['email', 'text'], ['fax', 'text'], ['updated_at', 'date']],
        values: { name: ['Ola'], photo: () => Buffer.from([0, 1, 2, 255]), phone: () => null, email: (r) => `m${r}@club.example`, fax: US_PHONES, updated_at: (r) => day(r) } },
    ],
    expected: { contacts: 'members', key: 'id', checkpoint: 'updated_at', name: 'name', phones: ['phone'], emails: ['email'], region: 'US', interactions: [] },
  },
  {
    name: 'English PascalCase with tbl prefixes and numeric order status', locale: 'en-US',
    tables: [
      { name: 'tblCustomer', rows: 30, indexes: ['ModifiedDate'], columns: [['CustomerID', 'pk'], ['FirstName', 'text'], ['LastName', 'text'], ['HomePhone', 'text'], ['WorkPhone', 'text'], ['EmailAddress', 'text'], ['CompanyName', 'text'], ['JobTitle', 'text'], ['Address', 'text'], ['City', 'text'], ['PostalCode', 'text'], ['ModifiedDate', 'date']],
        values: { FirstName: ['Sam'], LastName: ['Hill'], HomePhone: US_PHONES, WorkPhone: US_PHONES.slice(3), EmailAddress: (r) => `c${r}@corp.example`, CompanyName: ['Initech'], JobTitle: ['Analyst'], Address: ['9 Elm St'], City: ['Austin'], PostalCode: ['73301'], ModifiedDate: (r) => day(r) } },
      { name: 'tblOrder', rows: 40, columns: [['OrderID', 'pk'], ['CustomerID', 'int'], ['OrderDate', 'date'], ['Status', 'int'], ['Notes', 'text']],
        values: { CustomerID: (r) => 1 + (r % 30), OrderDate: (r) => day(r), Status: [1, 2, 3, 4, 5], Notes: ['n'] } },
      { name: 'tblEmployee', rows: 3, columns: [['EmployeeID', 'pk'], ['FirstName', 'text'], ['LastName', 'text'], ['Email', 'text']], values: { FirstName: ['Eve'], LastName: ['Ng'], Email: (r) => `e${r}@corp.example` } },
    ],
    expected: { contacts: 'tblCustomer', key: 'CustomerID', checkpoint: 'ModifiedDate', name: '{FirstName} {LastName}', phones: ['HomePhone', 'WorkPhone'], emails: ['EmailAddress'], company: 'CompanyName', title: 'JobTitle', address: true, region: 'US',
      interactions: [{ table: 'tblOrder', contactKey: 'CustomerID', date: 'OrderDate', status: { 1: 'new', 2: 'open', 3: 'pending', 4: 'solved', 5: 'closed' } }],
      agents: 'tblEmployee' },
  },
  // Written after the engine, then run once before any change to it (see the report): 50 of 55 right at first.

  { name: 'English camelCase dental clinic (held out)', locale: 'en-US', tables: [
    { name: 'patients', rows: 30, columns: [['patientId', 'pk'], ['givenName', 'text'], ['familyName', 'text'], ['homePhone', 'text'], ['cellPhone', 'text'], ['emailAddr', 'text'], ['dateOfBirth', 'date'], ['lastUpdated', 'date'], ['isArchived', 'bool']],
      values: { givenName: ['Al'], familyName: ['Bo'], homePhone: ['(415) 867-5309', '(646) 555-0170'], cellPhone: ['212-555-0147'], emailAddr: (r) => `p${r}@x.com`, dateOfBirth: ['1980-01-01 00:00:00'], lastUpdated: dayOf, isArchived: (r) => r % 7 === 0 } },
    { name: 'appointments', rows: 40, columns: [['appointmentId', 'pk'], ['patientId', 'int'], ['appointmentDate', 'date'], ['reason', 'text'], ['status', 'text']],
      values: { patientId: (r) => 1 + (r % 30), appointmentDate: dayOf, reason: ['Cleaning'], status: ['Scheduled', 'Completed', 'Cancelled', 'No-show'] } },
    { name: 'dentists', rows: 3, columns: [['dentistId', 'pk'], ['fullName', 'text'], ['email', 'text']], values: { fullName: ['Dr X'], email: (r) => `d${r}@x.com` } },
  ], expected: { contacts: 'patients', key: 'patientId', checkpoint: 'lastUpdated', name: '{givenName} {familyName}', phones: ['homePhone', 'cellPhone'], emails: ['emailAddr'], region: 'US', where: 'isArchived',
    interactions: [{ table: 'appointments', contactKey: 'patientId', subject: 'reason', date: 'appointmentDate', status: { Scheduled: 'open', Completed: 'solved', Cancelled: 'closed', 'No-show': 'closed' } }] } },
  // A dentists table is not recognised as the office's staff: the proposal leaves agents out (a known miss).
  { name: 'Portuguese prefixed UPPER_CASE (NM_, CD_, ST_; held out)', locale: 'pt-BR', tables: [
    { name: 'TB_CLIENTE', rows: 30, columns: [['CD_CLIENTE', 'pk'], ['NM_CLIENTE', 'text'], ['NR_TELEFONE', 'text'], ['DS_EMAIL', 'text'], ['DT_ALTERACAO', 'date'], ['FL_ATIVO', 'text']],
      values: { NM_CLIENTE: ['Ana Lima'], NR_TELEFONE: ['(11) 98765-4321', '(21) 3456-7890'], DS_EMAIL: (r) => `c${r}@x.com.br`, DT_ALTERACAO: dayOf, FL_ATIVO: ['S', 'S', 'N'] } },
    { name: 'TB_ATENDIMENTO', rows: 40, columns: [['CD_ATENDIMENTO', 'pk'], ['CD_CLIENTE', 'int'], ['DS_ASSUNTO', 'text'], ['DT_ABERTURA', 'date'], ['ST_ATENDIMENTO', 'text'], ['NR_PRIORIDADE', 'int']],
      values: { CD_CLIENTE: (r) => 1 + (r % 30), DS_ASSUNTO: ['Dúvida'], DT_ABERTURA: dayOf, ST_ATENDIMENTO: ['A', 'F', 'P'], NR_PRIORIDADE: [1, 2, 3] } },
  ], expected: { contacts: 'TB_CLIENTE', key: 'CD_CLIENTE', checkpoint: 'DT_ALTERACAO', name: 'NM_CLIENTE', phones: ['NR_TELEFONE'], emails: ['DS_EMAIL'], region: 'BR', where: 'FL_ATIVO',
    interactions: [{ table: 'TB_ATENDIMENTO', contactKey: 'CD_CLIENTE', subject: 'DS_ASSUNTO', date: 'DT_ABERTURA', status: { A: 'open', F: 'closed', P: 'pending' }, priority: { 1: 'low', 2: 'normal', 3: 'high' } }] } },
  { name: 'German Access-style tbl prefixes (held out)', locale: 'de-DE', tables: [
    { name: 'tblKontakte', rows: 30, columns: [['ID', 'pk'], ['Anrede', 'text'], ['Vorname', 'text'], ['Name', 'text'], ['TelefonGeschaeftlich', 'text'], ['TelefonMobil', 'text'], ['EMail', 'text'], ['Firma', 'text'], ['Position', 'text'], ['Strasse', 'text'], ['PLZ', 'text'], ['Ort', 'text'], ['Land', 'text'], ['Aenderungsdatum', 'date']],
      values: { Anrede: ['Herr', 'Frau'], Vorname: ['Max'], Name: ['Muster'], TelefonGeschaeftlich: ['030 12345678', '089 1234567'], TelefonMobil: ['0151 23456789'], EMail: (r) => `k${r}@x.de`, Firma: ['GmbH'], Position: ['Leiter'], Strasse: ['Weg 1'], PLZ: ['10115'], Ort: ['Berlin'], Land: ['DE'], Aenderungsdatum: dayOf } },
    { name: 'tblVorgaenge', rows: 40, columns: [['ID', 'pk'], ['KontaktID', 'int'], ['Titel', 'text'], ['Beschreibung', 'text'], ['Status', 'text'], ['Prioritaet', 'text'], ['Erstellt', 'date']],
      values: { KontaktID: (r) => 1 + (r % 30), Titel: ['Anfrage'], Beschreibung: ['Text'], Status: ['neu', 'offen', 'erledigt'], Prioritaet: ['niedrig', 'normal', 'hoch'], Erstellt: dayOf } },
  ], expected: { contacts: 'tblKontakte', key: 'ID', checkpoint: 'Aenderungsdatum', name: '{Vorname} {Name}', phones: ['TelefonGeschaeftlich', 'TelefonMobil'], emails: ['EMail'], company: 'Firma', title: 'Position', address: true, region: 'DE',
    interactions: [{ table: 'tblVorgaenge', contactKey: 'KontaktID', subject: 'Titel', date: 'Erstellt', status: { neu: 'new', offen: 'open', erledigt: 'solved' }, priority: { niedrig: 'low', normal: 'normal', hoch: 'high' } }] } },
  // No column is named like a subject: the treatment, a short text on every row, labels each appointment.
  { name: 'English snake_case dental practice without a subject column', locale: 'en-GB', tables: [
    { name: 'patient', rows: 30, indexes: ['modified'], columns: [['patient_no', 'pk'], ['forename', 'text'], ['surname', 'text'], ['tel_home', 'text'], ['tel_mobile', 'text'], ['email', 'text'], ['modified', 'date'], ['archived', 'bool']],
      values: { forename: ['John', 'Mary'], surname: ['Smith', 'Jones'], tel_home: GB_PHONES, tel_mobile: GB_PHONES.slice(1), email: (r) => `p${r}@example.co.uk`, modified: dayOf, archived: (r) => r % 8 === 0 } },
    { name: 'appointment', rows: 40, columns: [['appt_id', 'pk'], ['patient_no', 'int'], ['starts_at', 'date'], ['room', 'int'], ['booked_by', 'int'], ['treatment', 'text'], ['notes', 'text'], ['status', 'text']],
      values: { patient_no: (r) => 1 + (r % 30), starts_at: dayOf, room: [1, 2], booked_by: [1, 2, 3], treatment: ['Check-up', 'Cleaning', 'Filling', 'Extraction'], notes: ['Lower left, sensitive to cold', null, 'All fine'], status: ['B', 'C', 'X'] } },
  ], expected: { contacts: 'patient', key: 'patient_no', checkpoint: 'modified', name: '{forename} {surname}', phones: ['tel_home', 'tel_mobile'], emails: ['email'], region: 'GB', where: 'archived',
    interactions: [{ table: 'appointment', contactKey: 'patient_no', subject: 'treatment', date: 'starts_at' }] } },
];

function addColumn(table: Knex.CreateTableBuilder, name: string, type: ColumnType): void {
  if (type === 'pk') table.integer(name).notNullable().primary();
  else if (type === 'int') table.integer(name).nullable();
  else if (type === 'text') table.string(name, 200).nullable();
  else if (type === 'date') table.datetime(name).nullable();
  else if (type === 'bool') table.boolean(name).nullable();
  else table.binary(name).nullable();
}

function valueAt(spec: TableSpec, column: string, type: ColumnType, row: number, dialect: Dialect): unknown {
  if (type === 'pk') return row + 1;
  const source = spec.values[column];
  const value = typeof source === 'function' ? source(row) : source ? source[row % source.length] : null;
  if (typeof value === 'boolean' && dialect === 'sqlite') return value ? 1 : 0;
  return value ?? null;
}

/** Creates the case's tables and rows through plain Knex (not the code under test). */
export async function buildSchema(knex: Knex, dialect: Dialect, tables: TableSpec[]): Promise<void> {
  for (const spec of tables) {
    await knex.schema.createTable(spec.name, (table) => {
      for (const [name, type] of spec.columns) addColumn(table, name, type);
      for (const column of spec.indexes ?? []) table.index([column]);
      for (const column of spec.unique ?? []) table.unique([column]);
    });
    const rows = Array.from({ length: spec.rows }, (_, row) => Object.fromEntries(spec.columns.map(([name, type]) => [name, valueAt(spec, name, type, row, dialect)])));
    for (let start = 0; start < rows.length; start += 50) await knex(spec.name).insert(rows.slice(start, start + 50));
  }
}
