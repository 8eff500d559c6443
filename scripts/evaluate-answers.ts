/**
 * `npm run eval:answers [-- --set seed|train|heldout|all] [--misses] [--calibrate]`: scores /ask against
 * plain MiniSearch and a plain sentence index (see answer-evaluation.ts), per kind of
 * question, and times /ask against the search it stands on. The seed set runs on the seed
 * digest; the real sets on the seed plus ../shared/real-digest (when it exists). The
 * held-out set runs only when asked for by name (or with `all`). `--misses` lists /ask's
 * misses; `--calibrate` shows how each answer-confidence threshold would decide.
 */
import {
  Baselines,
  calibrationRows,
  evaluate,
  loadQuestionSet,
  loadRealLibrary,
  loadSeedLibrary,
  measureLatency,
  QUESTION_SETS,
  REAL_NOW,
  SEED_NOW,
  SYSTEMS,
  type Evaluation,
  type CalibrationRow,
  type QuestionSet,
  type Tally,
} from './answer-evaluation.js';
import { hasRealDigest, REAL_DIGEST_DIR } from './real-digest-folder.js';
import { MIN_CONFIDENCE } from '../src/library/answerability.js';
import type { Library } from '../src/library/library.js';

const KIND_ORDER = ['paraphrase', 'figure', 'named', 'organization', 'month', 'content-date', 'absent', 'other'];

function parseSets(argv: readonly string[]): QuestionSet[] {
  const at = argv.indexOf('--set');
  const value = at >= 0 ? argv[at + 1] : undefined;
  if (value === undefined) return ['seed', 'train'];
  if (value === 'all') return [...QUESTION_SETS];
  if ((QUESTION_SETS as readonly string[]).includes(value)) return [value as QuestionSet];
  throw new Error(`--set must be one of ${QUESTION_SETS.join(', ')}, all; got ${value}`);
}

const cell = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)}% ${part}/${whole}`).padEnd(13);

function table(evaluation: Evaluation): string {
  const kinds = [...evaluation.tallies.ask.keys()].filter((kind) => kind !== 'total').sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
  const measures: [string, (t: Tally) => [number, number]][] = [
    ['right paper first', (t) => [t.topPaper, t.answerable]],
    ['figure quoted', (t) => [t.figureQuoted, t.figureQuestions]],
    ['absent refused', (t) => [t.absentRefused, t.absent]],
  ];
  const header = `${'kind'.padEnd(14)}${'n'.padStart(4)}  ${measures.map(([name]) => `${name} (/ask | MiniSearch | sentences)`.padEnd(45)).join('')}`;
  const lines = [header];
  for (const kind of [...kinds, 'total']) {
    const tallyOf = (system: (typeof SYSTEMS)[number]) => evaluation.tallies[system].get(kind) as Tally;
    const cells = measures.map(([, pick]) =>
      SYSTEMS.map((system) => cell(...pick(tallyOf(system))))
        .join('| ')
        .padEnd(45),
    );
    lines.push(`${kind.padEnd(14)}${String(tallyOf('ask').questions).padStart(4)}  ${cells.join('')}`);
  }
  const total = evaluation.tallies.ask.get('total') as Tally;
  lines.push(
    `/ask refused ${total.refusedAnswerable} of ${total.answerable} answerable questions; showed "maybe related" on ${total.relatedShown} of ${total.absent} absent ones`,
  );
  return lines.join('\n');
}

/** How each confidence threshold would decide the calibration rows. */
function calibrationTable(rows: readonly CalibrationRow[]): string {
  const count = (group: CalibrationRow['group'], test: (row: CalibrationRow) => boolean) => rows.filter((row) => row.group === group && test(row)).length;
  const total = (group: CalibrationRow['group']) => count(group, () => true);
  const lines = [
    `threshold  right top paper kept (of ${total('right')})  wrong top paper refused (of ${total('wrong')})  absent refused (of ${total('absent')})  paper removed: refused (of ${total('removed')})`,
  ];
  for (let step = 3; step <= 9; step++) {
    const threshold = step / 10;
    const kept = count('right', (row) => row.confidence >= threshold);
    const marker = Math.abs(threshold - MIN_CONFIDENCE) < 1e-9 ? ' ← MIN_CONFIDENCE' : '';
    lines.push(
      `${threshold.toFixed(1).padEnd(11)}${String(kept).padEnd(37)}${String(count('wrong', (row) => row.confidence < threshold)).padEnd(40)}${String(count('absent', (row) => row.confidence < threshold)).padEnd(27)}${count('removed', (row) => row.confidence < threshold)}${marker}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const sets = parseSets(process.argv.slice(2));
  const showMisses = process.argv.includes('--misses');
  const calibrate = process.argv.includes('--calibrate');
  const out = (text: string) => process.stdout.write(`${text}\n`);
  if (sets.includes('seed')) {
    const library = await loadSeedLibrary();
    out(`\n== seed set on the seed digest (${library.size} papers)`);
    const evaluation = evaluate(library, await loadQuestionSet('seed'), SEED_NOW);
    out(table(evaluation));
    if (showMisses) out(evaluation.misses.map((miss) => `  miss ${miss}`).join('\n'));
  }
  const realSets = sets.filter((set) => set !== 'seed');
  if (realSets.length === 0) return;
  if (!hasRealDigest) {
    out(`\n(skipped ${realSets.join(', ')}: ${REAL_DIGEST_DIR} is absent)`);
    return;
  }
  let started = performance.now();
  const library: Library = await loadRealLibrary();
  out(`\nreal digest: ${library.size} papers, loaded and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  const baselines = new Baselines(library);
  out(`baselines indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const set of realSets) {
    const cases = await loadQuestionSet(set);
    out(`\n== ${set} set on the real digest (${cases.length} questions, today = ${REAL_NOW.toISOString().slice(0, 10)})`);
    const evaluation = evaluate(library, cases, REAL_NOW, baselines);
    out(table(evaluation));
    const latency = measureLatency(library, cases, REAL_NOW);
    const ms = ({ p50, p99 }: { p50: number; p99: number }) => `p50 ${p50.toFixed(1)} p99 ${p99.toFixed(1)}`;
    out(
      `latency (ms, ${cases.length} questions × 3): /ask ${ms(latency.ask)}; the search /ask runs ${ms(latency.askSearch)}; ` +
        `library.search on the question text ${ms(latency.search)}; /ask p99 minus its search's p99 ${(latency.ask.p99 - latency.askSearch.p99).toFixed(1)}`,
    );
    if (showMisses) out(evaluation.misses.map((miss) => `  miss ${miss}`).join('\n'));
    if (calibrate) out(`\ncalibration of the answer confidence on the ${set} set:\n${calibrationTable(calibrationRows(library, cases, REAL_NOW))}`);
  }
}

await main();
