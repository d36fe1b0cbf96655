// Processes seen through Linux /proc: the children a process started.
import { readdirSync, readFileSync } from 'node:fs';

/** The pids of the processes whose parent is `parent`. */
export function childPids(parent: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}
