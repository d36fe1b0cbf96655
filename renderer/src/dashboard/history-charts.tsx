// Two more pictures drawn in SVG: the last hour's failed calls by error code, and contact syncs per hour over the last day.
import type { SyncRun } from '../api/types.js';
import { Chart, CHART_HEIGHT as HEIGHT, CHART_WIDTH as WIDTH } from './chart-frame.js';

export interface ErrorCount { code: string; count: number }

const ROW = 16;
const LABEL = 120;

/** One bar per error code, longest for the most frequent, with its code and count written beside it. */
export function ErrorCodesChart({ codes }: { codes: ErrorCount[] }) {
  const shown = codes.slice(0, 6);
  const total = codes.reduce((sum, item) => sum + item.count, 0);
  const peak = Math.max(1, ...shown.map((item) => item.count));
  const summary = total === 0 ? 'none in the last hour' : `last hour, ${total} failed call${total === 1 ? '' : 's'}: ${shown.map((item) => `${item.code} ${item.count}`).join(', ')}`;
  return (
    <Chart title="Errors by code" summary={summary} height={Math.max(1, shown.length) * ROW} className="chart-rows">
      {shown.length === 0 ? <text x={0} y={12} className="chart-text">No failed calls.</text> : shown.map((item, index) => (
        <g key={item.code}>
          <text x={0} y={index * ROW + 12} className="chart-text">{item.code}</text>
          <rect x={LABEL} y={index * ROW + 3} height={ROW - 6} width={Math.max(2, ((WIDTH - LABEL - 30) * item.count) / peak)} className="chart-bar-failed" />
          <text x={LABEL + 4 + ((WIDTH - LABEL - 30) * item.count) / peak} y={index * ROW + 12} className="chart-text">{item.count}</text>
        </g>
      ))}
    </Chart>
  );
}

const HOURS = 24;

/** Syncs started in each of the last 24 hours (full ones darker), from the newest runs the bridge keeps. */
export function SyncRunsChart({ runs, now = Date.now() }: { runs: SyncRun[]; now?: number }) {
  const end = Math.floor(now / 3_600_000) + 1;
  const hours = Array.from({ length: HOURS }, () => ({ full: 0, incremental: 0 }));
  for (const run of runs) {
    const hour = Math.floor(Date.parse(run.startedAt) / 3_600_000) - (end - HOURS);
    if (hour >= 0 && hour < HOURS) hours[hour]![run.kind] += 1;
  }
  const peak = Math.max(1, ...hours.map((hour) => hour.full + hour.incremental));
  const total = hours.reduce((sum, hour) => sum + hour.full + hour.incremental, 0);
  const full = hours.reduce((sum, hour) => sum + hour.full, 0);
  const width = WIDTH / HOURS;
  return (
    <Chart title="Syncs per hour" summary={`last 24 hours, ${total} sync${total === 1 ? '' : 's'}, ${full} full (darker)`}>
      {hours.map((hour, index) => {
        const all = ((hour.full + hour.incremental) / peak) * HEIGHT;
        const fullHeight = (hour.full / peak) * HEIGHT;
        return (
          <g key={index}>
            <rect x={index * width} y={HEIGHT - all} width={width - 1} height={all} className="chart-bar" />
            {fullHeight > 0 ? <rect x={index * width} y={HEIGHT - fullHeight} width={width - 1} height={fullHeight} className="chart-bar-full" /> : null}
          </g>
        );
      })}
    </Chart>
  );
}
