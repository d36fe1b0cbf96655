// Request figures for the dashboard, computed from the request log: requests per minute, error rate, p95 latency.
import type { RequestLogEntry } from '../../state/request-log.js';
import type { Metrics } from '../../contract/status.js';
export type { Metrics };

/** Above this share of failed calls in the window, the dashboard alerts (and its Error rate card turns red). */
export const ERROR_RATE_ALERT = 0.05;

/** The nearest-rank percentile of the values (undefined when there are none). */
export function percentile(values: number[], fraction: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

/** Figures over the entries of the last `windowMinutes` before `now`; entries come newest first. */
export function computeMetrics(entries: RequestLogEntry[], now: number, windowMinutes: number): Metrics {
  const since = now - windowMinutes * 60_000;
  const recent = entries.filter((entry) => Date.parse(entry.at) >= since);
  const errors = recent.filter((entry) => entry.status >= 400).length;
  const p95 = percentile(recent.map((entry) => entry.durationMs), 0.95);
  return {
    windowMinutes,
    requests: recent.length,
    requestsPerMinute: Math.round((recent.length / windowMinutes) * 100) / 100,
    errorRate: recent.length === 0 ? 0 : Math.round((errors / recent.length) * 1000) / 1000,
    p95LatencyMs: p95 === undefined ? null : Math.round(p95 * 10) / 10,
    lastRequestAt: entries[0]?.at ?? null,
    errorRateAlert: ERROR_RATE_ALERT,
  };
}

/** One minute of the dashboard's charts: how many calls started in it, how many failed, and their p95 latency. */
export interface MinuteFigures { at: string; requests: number; errors: number; p95LatencyMs: number | null }

/** Per-minute figures over the last `minutes` before `now`, oldest first, minutes without calls included. */
export function computeSeries(entries: RequestLogEntry[], now: number, minutes: number): MinuteFigures[] {
  const end = Math.floor(now / 60_000) + 1;
  const start = end - minutes;
  const buckets = Array.from({ length: minutes }, () => [] as RequestLogEntry[]);
  for (const entry of entries) {
    const minute = Math.floor(Date.parse(entry.at) / 60_000);
    if (minute >= start && minute < end) buckets[minute - start]!.push(entry);
  }
  return buckets.map((bucket, index) => {
    const p95 = percentile(bucket.map((entry) => entry.durationMs), 0.95);
    return {
      at: new Date((start + index) * 60_000).toISOString(), requests: bucket.length,
      errors: bucket.filter((entry) => entry.status >= 400).length, p95LatencyMs: p95 === undefined ? null : Math.round(p95 * 10) / 10,
    };
  });
}

/** How many calls of the last `minutes` before `now` failed with each error code, most frequent first. */
export function computeErrorCodes(entries: RequestLogEntry[], now: number, minutes: number): Array<{ code: string; count: number }> {
  const since = now - minutes * 60_000;
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.status < 400 || Date.parse(entry.at) < since) continue;
    // A failure without a code of ours (a refusal before routing) counts under its HTTP status.
    const code = entry.errorCode ?? `HTTP ${entry.status}`;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
