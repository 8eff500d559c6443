/**
 * `npm run eval:answers [-- --set NAME|train|heldout|all] [--misses] [--calibrate]`: scores
 * /ask against plain MiniSearch and a plain sentence index (see answer-evaluation.ts), side
 * by side from one run, per set, writer's style and kind of question, and times /ask
 * against the search it stands on. The seed set runs on the seed digest; the real sets on
 * the seed plus ../shared/real-digest (when it exists). `train` runs every train half,
 * `heldout` every held-out half, `all` everything; the default is the seed and every train
 * half. `--ask-only` leaves the baselines out (for quick runs). `--misses` lists /ask's misses; `--calibrate` shows how each answer-confidence
 * threshold would decide.
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

const GROUP_ORDER = ['paraphrase', 'casual', 'figure', 'named', 'organization', 'month', 'content-date', 'absent', 'other'];

function parseSets(argv: readonly string[]): QuestionSet[] {
  const at = argv.indexOf('--set');
  const value = at >= 0 ? argv[at + 1] : undefined;
  const halves = (half: string) => QUESTION_SETS.filter((set) => set === half || set.endsWith(`-${half}`));
  if (value === undefined) return ['seed', ...halves('train')];
  if (value === 'all') return [...QUESTION_SETS];
  if (value === 'train' || value === 'heldout') return halves(value);
  if ((QUESTION_SETS as readonly string[]).includes(value)) return [value as QuestionSet];
  throw new Error(`--set must be one of ${QUESTION_SETS.join(', ')}, train, heldout, all; got ${value}`);
}

/**
 * The style a set was written in: `tidy3-heldout` is the third tidy writer, so `tidy`. The
 * issue-9 set (`train`/`heldout`) is one writer in mixed styles.
 */
const writersStyle = (set: QuestionSet): string => (set === 'train' || set === 'heldout' ? 'issue-9 (mixed)' : set.replace(/\d*-(train|heldout)$/, ''));

const cell = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)}% ${part}/${whole}`);

/** Each measure: its name, what it counts, and whether the baselines have it (they never refuse or hedge). */
const MEASURES: [string, (t: Tally) => [number, number], boolean][] = [
  ['first paper right', (t) => [t.topPaper, t.answerable], true],
  ['right paper shown', (t) => [t.shownPaper, t.answerable], true],
  ['figure quoted', (t) => [t.figureQuoted, t.figureQuestions], true],
  ['answered, right first', (t) => [t.confidentRight, t.answerable], false],
  ['answerable refused', (t) => [t.refusedAnswerable, t.answerable], false],
  ['answerable hedged', (t) => [t.hedgedAnswerable, t.answerable], false],
  ['absent refused or hedged', (t) => [t.absentRefused + t.absentHedged, t.absent], false],
];

/** A markdown table: one row per group (kinds, then `total`), /ask | MiniSearch | sentences where the baselines apply. */
function table(evaluation: Evaluation, groups: readonly string[]): string {
  const header = ['group', 'n', ...MEASURES.map(([name, , compared]) => (compared ? `${name} (/ask · MiniSearch · sentences)` : `${name} (/ask)`))];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const group of groups) {
    const tallyOf = (system: (typeof SYSTEMS)[number]) => evaluation.tallies[system].get(group);
    const ask = tallyOf('ask');
    if (!ask) continue;
    const cells = MEASURES.map(([, pick, compared]) =>
      compared
        ? SYSTEMS.map((system) => {
            const tally = tallyOf(system);
            return tally ? cell(...pick(tally)) : '–';
          }).join(' · ')
        : cell(...pick(ask)),
    );
    lines.push(`| ${[group.replace(/^style:/, ''), String(ask.questions), ...cells].join(' | ')} |`);
  }
  return lines.join('\n');
}

const kindsOf = (evaluation: Evaluation) =>
  [...evaluation.tallies.ask.keys()]
    .filter((group) => group !== 'total' && !group.startsWith('style:'))
    .sort((a, b) => GROUP_ORDER.indexOf(a) - GROUP_ORDER.indexOf(b));

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

/** Adds `from`'s tallies into `into` under the group name `as` (for the summary over sets). */
function addInto(into: Evaluation, from: Evaluation, group: string, as: string): void {
  for (const system of SYSTEMS) {
    const source = from.tallies[system].get(group);
    if (!source) continue;
    const target = into.tallies[system].get(as);
    into.tallies[system].set(
      as,
      target
        ? (Object.fromEntries(Object.entries(target).map(([key, value]) => [key, value + source[key as keyof Tally]])) as unknown as Tally)
        : { ...source },
    );
  }
}

async function main(): Promise<void> {
  const sets = parseSets(process.argv.slice(2));
  const showMisses = process.argv.includes('--misses');
  const calibrate = process.argv.includes('--calibrate');
  const out = (text: string) => process.stdout.write(`${text}\n`);
  if (sets.includes('seed')) {
    const library = await loadSeedLibrary();
    out(`\n== seed set on the seed digest (${library.size} papers)\n`);
    const evaluation = evaluate(library, await loadQuestionSet('seed'), SEED_NOW);
    out(table(evaluation, [...kindsOf(evaluation), 'total']));
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
  // --ask-only skips the baselines (they take most of a run and do not change while tuning).
  const baselines = process.argv.includes('--ask-only') ? null : new Baselines(library);
  if (baselines) out(`baselines indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const summary: Evaluation = { tallies: { ask: new Map(), minisearch: new Map(), sentences: new Map() }, misses: [] };
  const summaryRows: string[] = [];
  const styleRows: string[] = [];
  for (const set of realSets) {
    const cases = await loadQuestionSet(set);
    out(`\n== ${set} (${cases.length} questions on the real digest, today = ${REAL_NOW.toISOString().slice(0, 10)})\n`);
    const evaluation = evaluate(library, cases, REAL_NOW, baselines);
    out(table(evaluation, [...kindsOf(evaluation), 'total']));
    addInto(summary, evaluation, 'total', set);
    summaryRows.push(set);
    const half = set.endsWith('heldout') ? 'held-out' : 'train';
    const styleRow = `${writersStyle(set)} style, ${half}`;
    addInto(summary, evaluation, 'total', styleRow);
    if (!styleRows.includes(styleRow)) styleRows.push(styleRow);
    const allRow = `all ${half} halves`;
    addInto(summary, evaluation, 'total', allRow);
    if (!summaryRows.includes(allRow)) summaryRows.push(allRow);
    if (!process.argv.includes('--ask-only')) {
      const latency = measureLatency(library, cases, REAL_NOW);
      const ms = ({ p50, p99 }: { p50: number; p99: number }) => `p50 ${p50.toFixed(1)} p99 ${p99.toFixed(1)}`;
      out(
        `\nlatency (ms, ${cases.length} questions × 3): /ask ${ms(latency.ask)}; its own-ranking search alone ${ms(latency.askSearch)}; ` +
          `library.search on the question text ${ms(latency.search)}`,
      );
    }
    if (showMisses) out(evaluation.misses.map((miss) => `  miss ${miss}`).join('\n'));
    if (calibrate) out(`\ncalibration of the answer confidence on ${set}:\n${calibrationTable(calibrationRows(library, cases, REAL_NOW))}`);
  }
  if (realSets.length > 1) {
    out('\n== every set side by side (one run)\n');
    out(table(summary, [...summaryRows.filter((row) => !row.startsWith('all ')), ...summaryRows.filter((row) => row.startsWith('all '))]));
    out('\n== per style: every writer of a style together (one run)\n');
    out(table(summary, [...styleRows].sort()));
  }
}

await main();
