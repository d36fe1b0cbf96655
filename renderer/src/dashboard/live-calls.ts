// The live feed of new calls: a counter that moves each time the bridge logs one, reconnecting after a cut.
import { useEffect, useState } from 'react';
import { readEvents } from '../api/client.js';

/** Waits before reconnecting, longer after each failure in a row (at most 30 s), so a stopped bridge is not hammered. */
const RECONNECT_MS = [1000, 2000, 5000, 10_000, 30_000];

/** The id of the newest logged call as told by the bridge's event stream (0 until one is told). */
export function useNewestCall(): number {
  const [newest, setNewest] = useState(0);
  useEffect(() => {
    const stop = new AbortController();
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const opened = Date.now();
      void readEvents('/events', (name, data) => {
        if (name !== 'request') return;
        failures = 0;
        const { newestId } = JSON.parse(data) as { newestId: number };
        setNewest(newestId);
      }, stop.signal).then(() => {
        if (stop.signal.aborted) return;
        // A stream that lasted a while was healthy: start the back-off again.
        if (Date.now() - opened > 60_000) failures = 0;
        timer = setTimeout(connect, RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)]);
        failures += 1;
      });
    };
    connect();
    return () => { stop.abort(); clearTimeout(timer); };
  }, []);
  return newest;
}
