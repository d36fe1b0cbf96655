// Small charts drawn by hand in SVG: requests per minute, p95 latency and errors by code over the last hour.
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { Chart, CHART_HEIGHT as HEIGHT, CHART_WIDTH as WIDTH } from './chart-frame.js';
import { ErrorCodesChart, type ErrorCount } from './history-charts.js';

interface Minute { at: string; requests: number; errors: number; p95LatencyMs: number | null }


/** Bars for counts (failed calls in red on top), one per minute, scaled to the busiest minute. */
function Bars({ minutes }: { minutes: Minute[] }) {
  const peak = Math.max(1, ...minutes.map((minute) => minute.requests));
  const width = WIDTH / minutes.length;
  return (
    <>
      {minutes.map((minute, index) => {
        const height = (minute.requests / peak) * HEIGHT;
        const failed = (minute.errors / peak) * HEIGHT;
        return (
          <g key={minute.at}>
            <rect x={index * width} y={HEIGHT - height} width={Math.max(1, width - 1)} height={height} className="chart-bar" />
            {failed > 0 ? <rect x={index * width} y={HEIGHT - height} width={Math.max(1, width - 1)} height={failed} className="chart-bar-failed" /> : null}
          </g>
        );
      })}
    </>
  );
}

/** A line through the minutes that had calls, scaled to the slowest. */
function Line({ minutes }: { minutes: Minute[] }) {
  const peak = Math.max(1, ...minutes.map((minute) => minute.p95LatencyMs ?? 0));
  const width = WIDTH / minutes.length;
  const points = minutes.flatMap((minute, index) => minute.p95LatencyMs === null ? []
    : [{ key: minute.at, x: (index + 0.5) * width, y: HEIGHT - (minute.p95LatencyMs / peak) * (HEIGHT - 4) - 2 }]);
  // A mark on each minute, so a lone minute with calls shows too.
  return (
    <>
      {points.length > 1 ? <polyline points={points.map((point) => `${point.x},${point.y}`).join(' ')} className="chart-line" /> : null}
      {points.map((point) => <rect key={point.key} x={point.x - 1.5} y={point.y - 1.5} width={3} height={3} className="chart-mark" />)}
    </>
  );
}

/** Reloads with the dashboard (`reload` moves on each new call and each status poll). */
export function Charts({ reload }: { reload: unknown }) {
  const [minutes, setMinutes] = useState<Minute[]>();
  const [codes, setCodes] = useState<ErrorCount[]>([]);
  useEffect(() => {
    let current = true;
    api<{ minutes: Minute[]; errorCodes: ErrorCount[] }>('GET', '/metrics/series?minutes=60').then((answer) => {
      if (current) { setMinutes(answer.minutes); setCodes(answer.errorCodes); }
    }, () => undefined);
    return () => { current = false; };
  }, [reload]);
  if (!minutes) return null;
  const busiest = Math.max(0, ...minutes.map((minute) => minute.requests));
  const slowest = Math.max(0, ...minutes.map((minute) => minute.p95LatencyMs ?? 0));
  return (
    <div className="charts" data-testid="charts">
      <Chart title="Requests per minute" summary={`last hour, busiest minute ${busiest} (failed in red)`}><Bars minutes={minutes} /></Chart>
      <Chart title="p95 latency" summary={`last hour, slowest minute ${slowest} ms`}><Line minutes={minutes} /></Chart>
      <ErrorCodesChart codes={codes} />
    </div>
  );
}
