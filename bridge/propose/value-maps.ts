// Value maps: each distinct status or priority value found becomes a Talkdesk status or priority, by meaning, by letter or by order.
import { INTERACTION_PRIORITIES, INTERACTION_STATUSES } from '../profile/schema.js';
import type { ValueChoice } from './notes.js';

type Scale = 'status' | 'priority';

/** Words by meaning, in English, Portuguese, Spanish and German (accents removed, lowercase). */
const MEANINGS: Record<Scale, Record<string, string[]>> = {
  status: {
    new: ['new', 'novo', 'nova', 'nuevo', 'nueva', 'neu', 'created', 'received', 'recebido', 'recibido', 'eingegangen', 'unassigned', 'todo', 'to_do', 'registrado', 'registered', 'aberto_novo'],
    open: ['open', 'opened', 'aberto', 'aberta', 'abierto', 'abierta', 'offen', 'geoffnet', 'in_progress', 'progress', 'em_andamento', 'andamento', 'en_curso', 'en_proceso', 'in_bearbeitung', 'bearbeitung', 'assigned', 'active', 'working', 'reopened', 'ongoing', 'doing', 'em_atendimento', 'atribuido', 'asignado', 'zugewiesen', 'confirmed', 'confirmado', 'bestatigt', 'scheduled', 'agendado', 'agendada', 'marcado', 'marcada', 'programado', 'programada', 'geplant', 'vereinbart'],
    pending: ['pending', 'pendente', 'pendiente', 'waiting', 'aguardando', 'esperando', 'en_espera', 'wartend', 'wartet', 'on_hold', 'hold', 'paused', 'pausado', 'ausstehend', 'blocked', 'bloqueado', 'awaiting', 'awaiting_customer', 'waiting_customer', 'suspended', 'suspenso', 'in_wartestellung', 'zuruckgestellt'],
    solved: ['solved', 'resolved', 'resolvido', 'resolvida', 'resuelto', 'resuelta', 'gelost', 'geloest', 'done', 'fixed', 'completed', 'complete', 'concluido', 'concluida', 'completado', 'completada', 'terminado', 'erledigt', 'answered', 'respondido', 'beantwortet', 'finished', 'finalizado', 'delivered', 'entregue', 'entregado', 'geliefert', 'shipped', 'enviado', 'attended', 'atendido', 'atendida', 'realizado', 'realizada', 'realizados', 'durchgefuhrt', 'stattgefunden'],
    closed: ['closed', 'fechado', 'fechada', 'cerrado', 'cerrada', 'geschlossen', 'cancelled', 'canceled', 'cancelado', 'cancelada', 'storniert', 'abgebrochen', 'abgeschlossen', 'archived', 'arquivado', 'archivado', 'archiviert', 'rejected', 'rejeitado', 'rechazado', 'abgelehnt', 'encerrado', 'encerrada', 'no_show', 'missed', 'abgesagt', 'desmarcado', 'desmarcada', 'anulado', 'anulada'],
  },
  priority: {
    none: ['none', 'nenhuma', 'nenhum', 'ninguna', 'ninguno', 'keine', 'sin_prioridad', 'sem_prioridade'],
    low: ['low', 'baixa', 'baixo', 'baja', 'bajo', 'niedrig', 'gering', 'minor', 'trivial', 'lowest', 'minima', 'minimal'],
    normal: ['normal', 'medium', 'media', 'medio', 'mittel', 'moderate', 'moderada', 'regular', 'standard', 'padrao', 'estandar', 'average'],
    high: ['high', 'alta', 'alto', 'hoch', 'major', 'important', 'importante', 'wichtig', 'elevada', 'elevado', 'higher'],
    urgent: ['urgent', 'urgente', 'dringend', 'critical', 'critica', 'critico', 'kritisch', 'blocker', 'highest', 'emergency', 'emergencia', 'notfall', 'immediate', 'imediata', 'inmediata', 'sofort', 'asap'],
  },
};

/** Single letters per language; the language whose letters explain most of a column's values is used for all of them. */
const LETTERS: Record<Scale, Array<{ language: string; letters: Record<string, string> }>> = {
  status: [
    { language: 'English', letters: { N: 'new', O: 'open', A: 'open', P: 'pending', W: 'pending', H: 'pending', R: 'solved', S: 'solved', D: 'solved', C: 'closed', X: 'closed' } },
    { language: 'Portuguese', letters: { N: 'new', A: 'open', E: 'open', P: 'pending', R: 'solved', C: 'closed', F: 'closed' } },
    { language: 'Spanish', letters: { N: 'new', A: 'open', E: 'pending', P: 'pending', R: 'solved', T: 'solved', C: 'closed' } },
    { language: 'German', letters: { N: 'new', O: 'open', I: 'open', W: 'pending', E: 'solved', G: 'closed', A: 'closed' } },
  ],
  priority: [
    { language: 'English', letters: { L: 'low', M: 'normal', N: 'normal', H: 'high', U: 'urgent', C: 'urgent' } },
    { language: 'Portuguese', letters: { B: 'low', M: 'normal', N: 'normal', A: 'high', U: 'urgent', C: 'urgent' } },
    { language: 'Spanish', letters: { B: 'low', M: 'normal', N: 'normal', A: 'high', U: 'urgent', C: 'urgent' } },
    { language: 'German', letters: { N: 'low', M: 'normal', H: 'high', D: 'urgent', K: 'urgent' } },
  ],
};

const SCALES: Record<Scale, readonly string[]> = { status: INTERACTION_STATUSES, priority: INTERACTION_PRIORITIES };

function normalized(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').toLowerCase().trim().replace(/[\s\-/]+/g, '_');
}

/** The Talkdesk value a word means, from the whole value or, failing that, any of its words. */
function byMeaning(scale: Scale, value: string): string | undefined {
  const text = normalized(value);
  const meanings = Object.entries(MEANINGS[scale]);
  for (const [target, words] of meanings) if (words.includes(text)) return target;
  const parts = text.split('_');
  for (const [target, words] of meanings) if (parts.some((part) => words.includes(part))) return target;
  return undefined;
}

/** Spreads `count` ordered values over the scale: the first to its first rung, the last to its last, the rest between. */
function byOrder(scale: Scale, count: number, index: number): string {
  // Priorities: "none" is kept for a zero; numbers from one read as low upwards.
  const rungs = scale === 'priority' ? ['low', 'normal', 'high', 'urgent'] : [...SCALES.status];
  if (count === 1) return scale === 'priority' ? 'normal' : 'open';
  if (scale === 'priority' && count === 2) return ['normal', 'high'][index]!;
  if (scale === 'status' && count === 2) return ['open', 'closed'][index]!;
  if (scale === 'status' && count === 3) return ['open', 'pending', 'closed'][index]!;
  if (scale === 'status' && count === 4) return ['new', 'open', 'pending', 'closed'][index]!;
  if (scale === 'priority' && count === 3) return ['low', 'normal', 'high'][index]!;
  return rungs[Math.round((index * (rungs.length - 1)) / (count - 1))]!;
}

/** Maps every distinct value found; values it cannot place are left without a proposal, for the user. */
export function proposeValueMap(scale: Scale, found: Array<{ value: string; count: number }>): ValueChoice[] {
  const choices: ValueChoice[] = found.map(({ value, count }) => {
    const meant = byMeaning(scale, value);
    return meant ? { value, count, proposed: meant, reason: `"${value}" means ${meant}.` } : { value, count, reason: '' };
  });
  const open = choices.filter((choice) => choice.proposed === undefined);
  const letters = open.filter((choice) => /^[A-Za-z]$/.test(choice.value.trim()));
  if (letters.length > 0) {
    const best = LETTERS[scale]
      .map((language) => ({ language, hits: letters.filter((choice) => language.letters[choice.value.trim().toUpperCase()]).length }))
      .reduce((a, b) => (b.hits > a.hits ? b : a));
    const present = letters.map((choice) => choice.value.trim().toUpperCase()).sort().join(', ');
    for (const choice of letters) {
      const target = best.language.letters[choice.value.trim().toUpperCase()];
      if (target) Object.assign(choice, { proposed: target, reason: `"${choice.value}" read as the initial of ${best.language.language === 'English' ? 'an' : 'a'} ${best.language.language} word for ${target}, among the letters ${present}: check.` });
    }
  }
  const numbers = open.filter((choice) => /^-?\d+$/.test(choice.value.trim()) && choice.proposed === undefined)
    .sort((a, b) => Number(a.value) - Number(b.value));
  const zero = scale === 'priority' ? numbers.find((choice) => Number(choice.value) === 0) : undefined;
  if (zero) Object.assign(zero, { proposed: 'none', reason: '0 read as no priority: check.' });
  const ranked = numbers.filter((choice) => choice !== zero);
  ranked.forEach((choice, index) => {
    const target = byOrder(scale, ranked.length, index);
    const order = ranked.map((item) => item.value).join(' < ');
    Object.assign(choice, { proposed: target, reason: `Numbers read in order (${order}), ${scale === 'priority' ? 'lowest to highest priority' : 'from first to last stage'}: ${choice.value} becomes ${target}. Check the direction.` });
  });
  for (const choice of choices) if (choice.proposed === undefined) choice.reason = `"${choice.value}" has no meaning the proposal recognises: choose what it becomes.`;
  return choices;
}

/** The value map a profile takes: only values with a proposal. */
export function valueMapOf(choices: ValueChoice[]): Record<string, string> {
  return Object.fromEntries(choices.filter((choice) => choice.proposed !== undefined).map((choice) => [choice.value, choice.proposed!]));
}
