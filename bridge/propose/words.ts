// Names as words: identifiers in any case style split into plain lowercase words, and the vocabularies the proposal reads them with.

/** An identifier's words: `firstName`, `FirstName`, `FIRST_NAME` and `first-name` all give ["first", "name"]. */
export function wordsOf(identifier: string): string[] {
  return identifier
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-zA-Z])(\d)/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Table-name prefixes that say nothing about the content. */
const NOISE = new Set(['tbl', 'tb', 'tab', 't', 'dbo', 'app', 'crm']);

/** The words that name a table, without prefixes such as `tbl`. */
export function tableWords(name: string): string[] {
  const words = wordsOf(name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name);
  const kept = words.filter((word, index) => !(index < words.length - 1 && NOISE.has(word)));
  return kept.length > 0 ? kept : words;
}

/** The word without a plural ending, for comparing `clientes` with `cliente_id` or `Kunden` with `KundeID`. */
export function stem(word: string): string {
  for (const ending of ['ies', 'es', 'en', 's', 'e', 'n']) {
    if (word.length > ending.length + 2 && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
}

/** A vocabulary: entries are written as words joined by "_"; each entry matches an identifier's words or their concatenation. */
export class Vocabulary {
  private readonly joined: Set<string>;
  private readonly single: Set<string>;

  constructor(entries: string[]) {
    this.joined = new Set(entries.map((entry) => entry.replace(/_/g, '')));
    this.single = new Set(entries.filter((entry) => !entry.includes('_')));
  }

  /** 3 when the whole name is an entry, 2 when one of its words is (or two neighbouring words are), else 0. */
  score(words: string[]): number {
    if (this.joined.has(words.join(''))) return 3;
    for (let index = 0; index < words.length; index += 1) {
      if (this.single.has(words[index]!)) return 2;
      const pair = words[index]! + (words[index + 1] ?? '');
      if (index + 1 < words.length && this.joined.has(pair)) return 2;
    }
    return 0;
  }

  has(words: string[]): boolean {
    return this.score(words) > 0;
  }
}

const vocabulary = (...entries: string[]): Vocabulary => new Vocabulary(entries);

/** Tables of people an office calls (English, Portuguese, Spanish, German). */
export const PEOPLE_TABLES = vocabulary(
  'contact', 'contacts', 'customer', 'customers', 'client', 'clients', 'cliente', 'clientes', 'person', 'persons', 'people',
  'persona', 'personas', 'pessoa', 'pessoas', 'patient', 'patients', 'paciente', 'pacientes', 'patienten', 'member', 'members',
  'membro', 'membros', 'miembro', 'miembros', 'mitglied', 'mitglieder', 'lead', 'leads', 'contato', 'contatos', 'contacto',
  'contactos', 'kontakt', 'kontakte', 'kunde', 'kunden', 'subscriber', 'subscribers', 'guest', 'guests', 'account', 'accounts',
);

/** Tables of the office's own staff. */
export const STAFF_TABLES = vocabulary(
  'user', 'users', 'staff', 'agent', 'agents', 'employee', 'employees', 'usuario', 'usuarios', 'utilizador', 'utilizadores',
  'funcionario', 'funcionarios', 'empleado', 'empleados', 'mitarbeiter', 'benutzer', 'agente', 'agentes', 'atendente',
  'atendentes', 'operator', 'operators', 'operador', 'operadores', 'technician', 'technicians', 'tecnico', 'tecnicos',
  'sachbearbeiter', 'bearbeiter', 'personal', 'personnel', 'colaborador', 'colaboradores',
);

/** Tables where calls or notes about a contact are written. */
export const NOTE_TABLES = vocabulary(
  'note', 'notes', 'nota', 'notas', 'notiz', 'notizen', 'call', 'calls', 'call_log', 'call_logs', 'chamada', 'chamadas', 'ligacao',
  'ligacoes', 'llamada', 'llamadas', 'anruf', 'anrufe', 'activity', 'activities', 'atividade', 'atividades', 'actividad',
  'actividades', 'aktivitat', 'aktivitaten', 'anotacao', 'anotacoes', 'comment', 'comments', 'telefonat', 'telefonate',
);

export const CALL_TABLES = vocabulary('call', 'calls', 'call_log', 'call_logs', 'chamada', 'chamadas', 'ligacao', 'ligacoes', 'llamada', 'llamadas', 'anruf', 'anrufe', 'telefonat', 'telefonate');

export const FIRST_NAME = vocabulary('first_name', 'first', 'given_name', 'forename', 'fname', 'vorname', 'primeiro_nome', 'prenom', 'nombre_pila');
export const LAST_NAME = vocabulary(
  'last_name', 'last', 'surname', 'family_name', 'lname', 'nachname', 'familienname', 'sobrenome', 'apelido', 'apellido',
  'apellidos', 'ultimo_nome', 'apellido_paterno',
);
/** First-name words only when a last-name column stands beside them (`nome` + `sobrenome`). */
export const FIRST_NAME_BESIDE_LAST = vocabulary('nome', 'nombre', 'name');
export const FULL_NAME = vocabulary(
  'name', 'full_name', 'display_name', 'nome', 'nome_completo', 'nombre', 'nombre_completo', 'contact_name', 'customer_name',
  'client_name', 'nome_cliente', 'nombre_cliente', 'kundenname', 'kunde_name', 'vollstandiger_name', 'patient_name',
  // "NM_CLIENTE": the NM_ prefix of Brazilian naming conventions.
  'nm',
);
/** A bare "Name" beside a first-name column is the surname (German "Vorname" + "Name"). */
export const BARE_NAME = vocabulary('name', 'nome', 'nombre');
export const PHONE = vocabulary(
  'phone', 'phones', 'tel', 'telephone', 'telefone', 'telefono', 'telefon', 'mobile', 'mobil', 'movil', 'celular', 'cell',
  'cellphone', 'handy', 'whatsapp', 'fone', 'landline', 'phone_number', 'numero_telefone', 'telefonnummer', 'mobilnummer',
);
export const NOT_A_PHONE = vocabulary('type', 'kind', 'tipo', 'typ', 'ext', 'extension', 'verified', 'confirmed', 'country', 'prefix', 'fax', 'id', 'count', 'opt', 'consent');
export const EMAIL = vocabulary('email', 'emails', 'e_mail', 'mail', 'correo', 'correo_electronico', 'email_address', 'emailadresse');
export const COMPANY = vocabulary('company', 'company_name', 'organization', 'organisation', 'org', 'empresa', 'firma', 'unternehmen', 'compania', 'companhia', 'business', 'employer', 'razao_social', 'firmenname');
export const JOB_TITLE = vocabulary('job_title', 'title', 'position', 'cargo', 'puesto', 'beruf', 'funcao', 'funcion', 'funktion', 'jobtitel', 'job');
export const STREET = vocabulary('street', 'address', 'address1', 'address_line1', 'address_line_1', 'addr', 'rua', 'logradouro', 'endereco', 'morada', 'calle', 'direccion', 'domicilio', 'strasse', 'str', 'anschrift', 'adresse');
export const CITY = vocabulary('city', 'town', 'cidade', 'ciudad', 'localidad', 'localidade', 'municipio', 'stadt', 'ort', 'wohnort');
export const POSTCODE = vocabulary('zip', 'zipcode', 'zip_code', 'postcode', 'postal_code', 'postal', 'cep', 'codigo_postal', 'cp', 'plz', 'postleitzahl');
export const REGION = vocabulary('state', 'province', 'region', 'estado', 'provincia', 'uf', 'bundesland');
export const COUNTRY = vocabulary('country', 'pais', 'land', 'country_name');
export const PHOTO = vocabulary('photo', 'photo_url', 'avatar', 'avatar_url', 'picture', 'image', 'image_url', 'foto', 'bild', 'imagen', 'imagem');
export const WEBSITE = vocabulary('website', 'web', 'homepage', 'url', 'site', 'sitio_web', 'webseite', 'pagina_web', 'web_site');
export const TWITTER = vocabulary('twitter');

export const UPDATED = vocabulary(
  'updated', 'updated_at', 'updated_on', 'modified', 'modified_at', 'modified_date', 'last_modified', 'changed', 'changed_at',
  'last_update', 'last_updated', 'atualizado', 'atualizado_em', 'data_atualizacao', 'alterado', 'alterado_em', 'modificado',
  'actualizado', 'fecha_modificacion', 'fecha_actualizacion', 'geandert', 'geaendert', 'geandert_am', 'aktualisiert',
  'aktualisiert_am', 'anderungsdatum', 'modification', 'update', 'mtime', 'edited',
);
export const CREATED = vocabulary(
  'created', 'created_at', 'created_on', 'creation', 'opened', 'opened_at', 'date', 'data', 'fecha', 'datum', 'erstellt',
  'erstellt_am', 'angelegt', 'criado', 'criado_em', 'data_abertura', 'data_criacao', 'fecha_creacion', 'fecha_alta',
  'timestamp', 'start', 'starts_at', 'start_time', 'started_at', 'scheduled', 'scheduled_at', 'when', 'registered', 'inserted',
  'insert_date', 'time', 'call_date', 'called_at', 'occurred_at', 'logged_at', 'hora', 'aberto_em', 'eroffnet',
);
export const DELETED = vocabulary('deleted', 'is_deleted', 'removed', 'excluido', 'eliminado', 'borrado', 'geloscht', 'geloescht', 'archived', 'is_archived', 'deleted_flag', 'apagado');
export const DELETED_AT = vocabulary('deleted_at', 'deleted_on', 'deletion_date', 'removed_at', 'excluido_em', 'eliminado_en', 'borrado_en', 'geloscht_am', 'geloescht_am', 'archived_at', 'data_exclusao', 'fecha_baja');
export const ACTIVE = vocabulary('active', 'is_active', 'ativo', 'activo', 'aktiv', 'enabled', 'is_enabled', 'habilitado');
export const BIRTH = vocabulary('birth', 'birthday', 'birth_date', 'date_of_birth', 'dob', 'nascimento', 'data_nascimento', 'nacimiento', 'fecha_nacimiento', 'geburtsdatum', 'geburtstag');

export const SUBJECT = vocabulary('subject', 'title', 'titulo', 'assunto', 'asunto', 'betreff', 'summary', 'topic', 'thema', 'resumo', 'resumen', 'headline', 'titel', 'name', 'nome', 'nombre', 'reason', 'motivo', 'grund', 'anliegen');
export const DESCRIPTION = vocabulary(
  'description', 'descricao', 'descripcion', 'beschreibung', 'body', 'details', 'detail', 'text', 'content', 'conteudo',
  'contenido', 'inhalt', 'message', 'mensagem', 'mensaje', 'nachricht', 'notes', 'note', 'nota', 'notas', 'observacoes',
  'observaciones', 'observacao', 'bemerkung', 'bemerkungen', 'comment', 'comments', 'comentario', 'kommentar', 'notiz', 'problem',
);
export const STATUS = vocabulary('status', 'state', 'estado', 'situacao', 'st', 'sit', 'situacion', 'zustand', 'stage', 'etapa', 'fase', 'phase', 'estatus');
export const PRIORITY = vocabulary('priority', 'prio', 'prioridade', 'prioridad', 'prioritat', 'prioritaet', 'urgency', 'urgencia', 'dringlichkeit', 'severity', 'severidade', 'severidad', 'importance');
