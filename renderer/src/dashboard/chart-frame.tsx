// The frame every dashboard chart shares: a caption with its figures in words, and an SVG drawing described by them.
import type { ReactNode } from 'react';

export const CHART_WIDTH = 300;
export const CHART_HEIGHT = 60;

/** A captioned chart; `height` and a class for charts that write text (their drawing keeps its proportions). */
export function Chart({ title, summary, children, height = CHART_HEIGHT, className }: { title: string; summary: string; children: ReactNode; height?: number; className?: string }) {
  return (
    <figure className={`chart ${className ?? ''}`}>
      <figcaption><strong>{title}</strong> <span className="muted">{summary}</span></figcaption>
      <svg viewBox={`0 0 ${CHART_WIDTH} ${height}`} preserveAspectRatio={className ? 'xMinYMin meet' : 'none'} role="img" aria-label={`${title}: ${summary}`}>{children}</svg>
    </figure>
  );
}

