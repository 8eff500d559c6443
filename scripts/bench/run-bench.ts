/**
 * `npm run bench`: measures the bot and plain MiniSearch side by side, each measurement in a
 * fresh process, on the seed (58 papers), the real digest (the seed and the 12,675 papers of
 * ../shared/real-digest, when it is there) and a seeded synthetic digest of 100,000 papers
 * (cached in .bench/), and writes docs/benchmarks.md. Asserts nothing: numbers only.
 * `npm run bench -- seed real 100000` picks corpora.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { loadDigest } from '../../src/digest/load-digest.js';
import { realDigestFolder } from '../real-digest-folder.js';
import { generatePapers, writeDailyPapers } from './generate-corpus.js';
import type { Latency, Measurement } from './measure.js';
import type { DeploymentMeasurement } from './measure-deployment.js';
import type { UnderLoadMeasurement } from './measure-under-load.js';
import { buildIfStale } from './compiled-client.js';

// The bot's cells run the compiled worker, as npm start does: build dist/ once, before any cell.
buildIfStale();

const wanted = process.argv.slice(2);
const CORPORA = wanted.length > 0 ? wanted : ['seed', 'real', '100000'];

async function corpusDir(name: string): Promise<string | null> {
  if (name === 'seed') return 'seeds';
  if (name === 'real') return realDigestFolder();
  const size = Number(name);
  const dir = `.bench/corpus-${size}`;
  if (!existsSync(dir)) {
    process.stderr.write(`generating ${size} papers into ${dir}…\n`);
    writeDailyPapers(generatePapers((await loadDigest('seeds')).papers, size), dir);
  }
  return dir;
}

function run<T>(mode: string, dir: string, cacheDir: string): T {
  process.stderr.write(`measuring ${mode} on ${dir}…\n`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', 'scripts/bench/run-one.ts', mode, dir, cacheDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as T;
}

function deployment(dir: string, shards: number, guilds: number): DeploymentMeasurement {
  process.stderr.write(`measuring the deployment (${shards} shards, ${guilds} guilds) on ${dir}…\n`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench/run-deployment.ts', dir, String(shards), String(guilds)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as DeploymentMeasurement;
}

function underLoad(dir: string): UnderLoadMeasurement {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'bench-cache-'));
  try {
    return run<UnderLoadMeasurement>('bot-load', dir, cacheDir);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

interface BotMeasurement extends Measurement {
  warmPeakRssMb: number;
}

function measureBot(dir: string): BotMeasurement {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'bench-cache-'));
  try {
    const cold = run<Measurement>('bot', dir, cacheDir);
    const warm = run<{ warmStartMs: number; peakRssMb: number }>('bot-warm', dir, cacheDir);
    return { ...cold, warmStartMs: warm.warmStartMs, warmPeakRssMb: warm.peakRssMb };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

const ms = (value: number | null | undefined) =>
  value == null ? '—' : value >= 1000 ? `${(value / 1000).toFixed(1)} s` : value >= 10 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;

const rows: string[] = [];
/** Guild capacity: the same deployment serving this many guilds, to measure memory per guild. */
const GUILDS_FOR_CAPACITY = 2000;
const capacity: string[] = [];

type Unit = 'ms' | 'MB' | 'count' | '%';
/**
 * The targets on this 2-core machine, for the real digest and 100,000 papers: issue 12's,
 * made stricter by issue 23's where it set its own. `atLeast`: the measure must reach the
 * target, else stay under it.
 */
const TARGETS: { measure: string; real: number; large: number; unit: Unit; atLeast?: true }[] = [
  { measure: 'search p99, the slower of handler and worker', real: 20, large: 50, unit: 'ms' },
  { measure: '/ask p99, the slower of handler and worker', real: 30, large: 100, unit: 'ms' },
  { measure: 'autocomplete p99, the slower of handler and worker', real: 5, large: 10, unit: 'ms' },
  { measure: 'warm start, until answerable', real: 1000, large: 3000, unit: 'ms' },
  { measure: 'cold start, until answerable', real: 5000, large: 30000, unit: 'ms' },
  { measure: 'main-thread event-loop delay, max of cold start and burst', real: 50, large: 50, unit: 'ms' },
  { measure: 'interactions expired in a burst of 40 (in process and deployment)', real: 0, large: 0, unit: 'count' },
  { measure: 'peak RSS, `npm start` deployment, 4 shards, cold', real: 400, large: 1536, unit: 'MB' },
  { measure: 'peak RSS, `npm start` deployment, 4 shards, warm', real: 300, large: 1536, unit: 'MB' },
  { measure: 'indexing speed under 5 queries/s, share of idle', real: 70, large: 70, unit: '%', atLeast: true },
  { measure: 'replies p99 during that cold start', real: 200, large: 200, unit: 'ms' },
];
/** Measured values for the targets, by corpus name ('real', '100000'), in TARGETS order. */
const measured = new Map<string, number[]>();
const formatValue = (value: number, unit: Unit) =>
  unit === 'ms' ? ms(value) : unit === 'MB' ? mb(value) : unit === '%' ? `${value.toFixed(0)}%` : String(value);

for (const name of CORPORA) {
  const dir = await corpusDir(name);
  if (dir === null) {
    process.stderr.write(`skipping ${name}: ../shared/real-digest is absent\n`);
    continue;
  }
  const bot = measureBot(dir);
  const plain = run<Measurement>('plain', dir, '');
  const label = `${name === 'real' ? 'real' : name === 'seed' ? 'seed' : 'synthetic'} ${bot.papers.toLocaleString('en-US')}`;
  const row = (measure: string, cells: string[]) => rows.push(`| ${label} | ${measure} | ${cells.join(' | ')} |`);
  row('search p50 / p99 (through the handler; in the worker)', [
    `${ms(bot.search.p50)} / ${ms(bot.search.p99)}; ${ms(bot.inWorker?.search.p50)} / ${ms(bot.inWorker?.search.p99)}`,
    `${ms(plain.search.p50)} / ${ms(plain.search.p99)}`,
  ]);
  row('/ask p50 / p99 (through the handler; in the worker)', [
    `${ms(bot.ask.p50)} / ${ms(bot.ask.p99)}; ${ms(bot.inWorker?.ask.p50)} / ${ms(bot.inWorker?.ask.p99)}`,
    `${ms(plain.ask.p50)} / ${ms(plain.ask.p99)}`,
  ]);
  row('autocomplete p50 / p99 (through the handler; in the worker)', [
    `${ms(bot.autocomplete.p50)} / ${ms(bot.autocomplete.p99)}; ${ms(bot.inWorker?.autocomplete.p50)} / ${ms(bot.inWorker?.autocomplete.p99)}`,
    `${ms(plain.autocomplete.p50)} / ${ms(plain.autocomplete.p99)}`,
  ]);
  row('warm start, until answerable', [ms(bot.warmStartMs), ms(plain.warmStartMs)]);
  row('cold start, until answerable', [ms(bot.coldStartMs), ms(plain.coldStartMs)]);
  row('main-thread event-loop delay, max, cold start', [ms(bot.coldMaxDelayMs), ms(plain.coldMaxDelayMs)]);
  row('main-thread event-loop delay, max, burst of 40 questions', [ms(bot.burst?.maxDelayMs), '—']);
  row('interactions expired in that burst (last answer after)', [`${bot.burst?.expired ?? '—'} (${ms(bot.burst?.lastAnsweredMs)})`, '—']);
  row('peak RSS: cold start and queries / warm start', [`${mb(bot.peakRssMb)} / ${mb(bot.warmPeakRssMb)}`, mb(plain.peakRssMb)]);
  if (name !== 'seed') {
    // The two settings of INDEX_THREADS side by side, each a cold start alone in its own process.
    const [one, two] = (['bot-cold-1', 'bot-cold-2'] as const).map((mode) => run<{ coldStartMs: number; peakRssMb: number }>(mode, dir, ''));
    row('cold start alone, INDEX_THREADS=1 / 2: until answerable (peak RSS)', [
      `${ms(one?.coldStartMs)} (${mb(one?.peakRssMb ?? 0)}) / ${ms(two?.coldStartMs)} (${mb(two?.peakRssMb ?? 0)})`,
      '—',
    ]);
  }
  const loaded = underLoad(dir);
  row('cold start under 5 queries/s: until answerable (indexing speed, share of idle); replies p50 / p99 (queries)', [
    `${ms(loaded.coldStartMs)} (${((100 * bot.coldStartMs) / loaded.coldStartMs).toFixed(0)}%); ${ms(loaded.replies?.p50)} / ${ms(loaded.replies?.p99)} (${loaded.queries}${loaded.failed > 0 ? `, ${loaded.failed} failed` : ''})`,
    '—',
  ]);
  if (name !== '100000') {
    const chart = run<{ firstMs: number; medianMs: number; p95Ms: number; callerMaxDelayMs: number; bytes: number }>('chart', dir, '');
    row('/stats chart in the worker: first / median / p95 of 10 (PNG size; main-thread delay max)', [
      `${ms(chart.firstMs)} / ${ms(chart.medianMs)} / ${ms(chart.p95Ms)} (${(chart.bytes / 1024).toFixed(0)} KB; ${ms(chart.callerMaxDelayMs)})`,
      '—',
    ]);
  }
  if (name === 'seed') continue;
  const four = deployment(dir, 4, 4);
  const worse = (a: Latency, b: Latency | undefined) => Math.max(a.p99, b?.p99 ?? 0);
  measured.set(name, [
    worse(bot.search, bot.inWorker?.search),
    worse(bot.ask, bot.inWorker?.ask),
    worse(bot.autocomplete, bot.inWorker?.autocomplete),
    bot.warmStartMs ?? Number.NaN,
    bot.coldStartMs,
    Math.max(bot.coldMaxDelayMs, bot.burst?.maxDelayMs ?? 0),
    (bot.burst?.expired ?? 0) + four.burstExpired,
    four.coldPeakRssMb,
    four.warmPeakRssMb,
    (100 * bot.coldStartMs) / loaded.coldStartMs,
    // Failed queries miss the target whatever the others' replies took.
    loaded.failed > 0 ? Number.POSITIVE_INFINITY : (loaded.replies?.p99 ?? Number.NaN),
  ]);
  row('peak RSS, whole deployment, 4 shards: cold / warm (`npm start`, one process)', [`${mb(four.coldPeakRssMb)} / ${mb(four.warmPeakRssMb)}`, '—']);
  row('deployment ready on 4 shards: cold / warm (Discord spaces shard logins 5 s apart)', [`${ms(four.coldReadyMs)} / ${ms(four.warmReadyMs)}`, '—']);
  row('deployment: burst of 40 questions: expired, last answered, CPU', [`${four.burstExpired}, ${ms(four.burstLastAnswerMs)}, ${ms(four.burstCpuMs)}`, '—']);
  if (name !== 'real') continue;
  const many = deployment(dir, 4, GUILDS_FOR_CAPACITY);
  const perGuildKb = ((many.warmIdleRssMb - four.warmIdleRssMb) * 1024) / (GUILDS_FOR_CAPACITY - 4);
  capacity.push(
    `- Idle RSS with 4 shards: ${mb(four.warmIdleRssMb)} for 4 guilds, ${mb(many.warmIdleRssMb)} for ${GUILDS_FOR_CAPACITY.toLocaleString('en-US')} guilds: about ${perGuildKb.toFixed(0)} KB per guild (discord.js caches each guild, its channels and roles).`,
    `- CPU: ${(four.burstCpuMs / 40).toFixed(0)} ms per question (main thread and worker together), ${ms(four.warmStartCpuMs)} for a warm start.`,
  );
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const doc = `# Benchmarks

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB,
Node ${process.version}. Each cell is one fresh process; the machine is shared, so read
ratios measured side by side rather than absolute numbers.

- **Corpora**: the seed (58 papers); the real digest: the seed plus the 12,675 real Hugging Face
  papers of \`../shared/real-digest/part-*.json\` (read in place); a seeded synthetic digest of
  100,000 papers (\`scripts/bench/generate-corpus.ts\`: abstracts from a word-bigram chain over
  the seed's, plus rare technical tokens so the vocabulary grows like a real digest's).
- **Queries**: 25 keyword searches, 25 questions and 13 autocomplete prefixes
  (\`scripts/bench/queries.ts\`), each run once to warm up, then 3 times.
- **Bot**: as it runs: a library worker thread (compiled, from \`dist/\`, as \`npm start\` runs it) loads and indexes the digest (a cold start on two threads: \`INDEX_THREADS=auto\` on 2 cores) while the main
  thread only does Discord-side work. Latencies run through the real command handlers on the
  main thread (the worker's own share after the semicolon). Cold start: read the digest and build the
  index until it answers from all of it (the index cache is written after). Warm start: a new
  process whose worker loads that cache. The burst: 40 questions at once, each first answered
  as the router does (the answer within 1 s, else a deferral when the 1 s timer fires);
  expired means a first response after 3 s. Under load: another cold start while a search, a
  question and an autocomplete take turns arriving at 5 a second, from when the worker first
  answers, each sent without waiting for the last (\`scripts/bench/measure-under-load.ts\`);
  the share of idle speed is the idle cold start's time over this one's.
- **Deployment**: \`npm start\` as a user runs it: the compiled bot (\`dist/\`, built first when
  stale), no Node options, in its own process with 4 internal shards, against the
  Discord-compatible server of \`scripts/fake-discord\`. Its peak RSS covers the main thread and
  the worker together.
- **Plain MiniSearch**: default options on title and abstract, on the main thread; /ask is a
  plain search for the question; warm start is \`loadJSON\` of its \`toJSON\`.

| corpus | measure | bot | plain MiniSearch |
| --- | --- | --- | --- |
${rows.join('\n')}

## Targets

Issue 12's targets, and issue 23's where it set its own, against this run (✅ met, ❌ missed):

| measure | real: target | real: measured | 100,000: target | 100,000: measured |
| --- | --- | --- | --- | --- |
${TARGETS.map(({ measure, real, large, unit, atLeast }, i) => {
  const met = (value: number, target: number) => (atLeast ? value >= target : value <= target);
  const cell = (name: string, target: number) => {
    const value = measured.get(name)?.[i];
    if (value === undefined || Number.isNaN(value)) return '—';
    return value === Number.POSITIVE_INFINITY ? 'queries failed ❌' : `${formatValue(value, unit)} ${met(value, target) ? '✅' : '❌'}`;
  };
  const bound = atLeast ? '≥' : '≤';
  return `| ${measure} | ${bound} ${formatValue(real, unit)} | ${cell('real', real)} | ${bound} ${formatValue(large, unit)} | ${cell('100000', large)} |`;
}).join('\n')}

## Guilds per machine

The deployment rows run \`npm start\`'s compiled entry point as its own process (\`scripts/bench/measure-deployment.ts\`)
against the Discord-compatible server of \`scripts/fake-discord\`, with 4 internal shards:

${capacity.join('\n')}
`;
// Formatted as the repository's format check expects.
const formatted = await prettier.format(doc, { ...(await prettier.resolveConfig('docs/benchmarks.md')), parser: 'markdown' });
// A run of some corpora only (`npm run bench -- seed`) prints its rows: written over
// docs/benchmarks.md, it would drop every other corpus's rows and the targets they meet.
const complete = ['seed', 'real', '100000'].every((name) => CORPORA.includes(name));
if (complete) writeFileSync('docs/benchmarks.md', formatted);
process.stdout.write(formatted);
if (!complete) process.stderr.write('Partial run (not every corpus): docs/benchmarks.md left as it was.\n');
