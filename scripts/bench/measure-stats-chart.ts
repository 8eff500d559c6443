import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger, type Logger } from '../../src/log.js';
import { LibraryClient } from '../../src/worker/library-client.js';

interface ChartTiming {
  papers: number;
  runs: number;
  /** The first chart of a fresh worker: Vega, the fonts and resvg are loaded then. */
  firstMs: number;
  /** Time in the worker per chart (stats and rendering), after the first. */
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** The longest the calling thread's event loop was blocked during the charts after the first (the gateway's thread in the bot). */
  callerMaxDelayMs: number;
  width: number;
  height: number;
  bytes: number;
}

/**
 * For `npm run bench`: starts a library worker on `digestDir`, has
 * it count and draw the /stats picture of the whole digest `runs` times after a first one,
 * and reports the worker's time per chart and how long the calling thread was ever blocked.
 */
export async function measureStatsChart(digestDir: string, options: { runs?: number; log?: Logger } = {}): Promise<ChartTiming> {
  const runs = options.runs ?? 10;
  const times: number[] = [];
  const client = new LibraryClient({
    init: { digestDir, watch: false, logLevel: 'warn' },
    log: options.log ?? createLogger('warn'),
    onAnswered: (method, workerMs) => method === 'statsChart' && times.push(workerMs),
  }).start();
  try {
    await client.whenReady();
    const draw = () => client.api.statsChart({ topicId: null, since: null, nowIso: new Date().toISOString() });
    let chart = await draw();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    for (let run = 0; run < runs; run++) chart = await draw();
    delay.disable();
    const [first = 0, ...rest] = times;
    const sorted = rest.sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return {
      papers: client.status.indexed,
      runs,
      firstMs: first,
      medianMs: at(0.5),
      p95Ms: at(0.95),
      maxMs: sorted.at(-1) ?? 0,
      callerMaxDelayMs: delay.max / 1e6,
      width: chart?.width ?? 0,
      height: chart?.height ?? 0,
      bytes: chart?.png.byteLength ?? 0,
    };
  } finally {
    await client.stop();
  }
}
