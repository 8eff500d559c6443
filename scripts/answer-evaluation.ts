/**
 * Scoring for `npm run eval:answers` and the question-set tests: /ask against two baselines,
 * per kind of question, on the seed digest and on the real one.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { loadDigest } from '../src/digest/load-digest.js';
import { answerQuestion, retrieve, type Answer } from '../src/library/answer-question.js';
import { answerConfidence } from '../src/library/answerability.js';
import { Library } from '../src/library/library.js';
import { loadTopics } from '../src/library/load-topics.js';
import { createLogger } from '../src/log.js';
import { loadLibrary } from '../src/worker/load-library.js';
import { splitSentences } from '../src/library/sentences.js';
import { REAL_DIGEST_DIR, realDigestFolder } from './real-digest-folder.js';

const ROOT = new URL('../', import.meta.url).pathname;
export const SEEDS_DIR = path.join(ROOT, 'seeds');
/** "Today" for the seed questions ("since May" is May 2026). */
export const SEED_NOW = new Date('2026-11-28T12:00:00Z');
/** "Today" for the real questions, as their writer was told. */
export const REAL_NOW = new Date('2026-08-24T12:00:00Z');

/**
 * The question sets of issue 19 (test/fixtures/eval/), one writer each, each with a train and
 * a held-out half. `tidy2`, `casual2` and `orgmonth2` are a second writer in the same style;
 * `tidy3` and `casual3` a third, `tidy4` and `casual4` a fourth, in the two styles where /ask
 * trailed plain MiniSearch.
 */
export const STYLES = ['tidy', 'casual', 'figures', 'orgmonth', 'absent', 'tidy2', 'casual2', 'orgmonth2', 'tidy3', 'casual3', 'tidy4', 'casual4'] as const;
export type Style = (typeof STYLES)[number];

/**
 * `seed`: the seed set on the seed digest. `train`/`heldout`: the earlier real set's halves
 * (one writer, issue 9). `<style>-train`/`<style>-heldout`: the issue-19 sets, one writer each.
 */
export const QUESTION_SETS = ['seed', 'train', 'heldout', ...STYLES.flatMap((style) => [`${style}-train`, `${style}-heldout`] as const)] as const;
export type QuestionSet = (typeof QUESTION_SETS)[number];

/** One question of a set. Answerable ones name their paper; `absent` ones list the words checked absent. */
export interface EvalCase {
  id: string;
  kind: string;
  /** The writer's style: a Style, `earlier` (the issue-9 set) or `seed`. */
  style: string;
  question: string;
  paper?: string;
  figure?: string;
  unit?: string;
  checkedTerms?: string[];
}

const fileOf = (set: QuestionSet): string =>
  set === 'seed' ? 'questions.json' : set === 'train' ? 'real-questions-train.json' : set === 'heldout' ? 'real-questions-heldout.json' : `eval/${set}.json`;

/** The questions of a set; the seed set's have no ids or kinds, so they get `seed-n` and figure/other. */
export async function loadQuestionSet(set: QuestionSet): Promise<EvalCase[]> {
  type Raw = Partial<EvalCase> & { paper?: string | null; checked?: string[] };
  const raw = JSON.parse(await readFile(path.join(ROOT, 'test/fixtures', fileOf(set)), 'utf8')) as Raw[];
  return raw.map(({ paper, checked, ...item }, index) => ({
    ...item,
    ...(paper ? { paper } : {}),
    ...(checked ? { checkedTerms: checked } : {}),
    id: item.id ?? `seed-${index + 1}`,
    kind: item.kind ?? (item.figure === undefined ? 'other' : 'figure'),
    style: item.style ?? (set === 'seed' ? 'seed' : 'earlier'),
    question: item.question as string,
  }));
}

/** The seed digest, as the bot loads it. */
export async function loadSeedLibrary(): Promise<Library> {
  const [digest, topics] = await Promise.all([loadDigest(SEEDS_DIR), loadTopics(SEEDS_DIR)]);
  return new Library(digest.papers, topics.topics);
}

/**
 * Where loadRealLibrary keeps its index cache: in this checkout (node_modules/.cache, as tools
 * keep theirs), shared by its test files and scripts that load the real digest. The bot's own
 * cache rules apply: keyed by the code and library versions, checked against every file's
 * hash, rebuilt when it does not fit, written via a temporary file and a rename.
 */
export const REAL_INDEX_CACHE = path.join(ROOT, 'node_modules', '.cache', 'paper-digest-bot-real-index');

/**
 * The seed plus the seven real part files, loaded as the bot loads a digest folder
 * (loadLibrary) from a temporary folder of symbolic links (realDigestFolder: nothing is
 * copied). The first load indexes them (some 10-20 s) and writes the index cache to
 * REAL_INDEX_CACHE; later ones, in any process, load from it in about 2 s.
 */
export async function loadRealLibrary(): Promise<Library> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'real-digest-'));
  try {
    if (realDigestFolder(dir) === null) throw new Error(`${REAL_DIGEST_DIR} is absent`);
    const { library, writeCache } = await loadLibrary(dir, createLogger('silent'), { cacheDir: REAL_INDEX_CACHE });
    await writeCache?.();
    return library;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What one system got right, over some questions. */
export interface Tally {
  questions: number;
  /** Questions that name a paper. */
  answerable: number;
  /** Answerable questions whose first paper shown (answered, or offered as closest when unsure) is the expected one. */
  topPaper: number;
  /** Answerable questions whose paper is among those shown (/ask: cited or offered; the baselines: their first 5, a /search page). */
  shownPaper: number;
  /** Answerable questions answered with confidence, the expected paper first. */
  confidentRight: number;
  /** Answerable questions refused flatly ("nothing in the digest covers this"), no paper shown. */
  refusedAnswerable: number;
  /** Answerable questions answered "not sure", with the closest papers. */
  hedgedAnswerable: number;
  figureQuestions: number;
  /** Figure questions whose quoted text contains the expected figure. */
  figureQuoted: number;
  absent: number;
  /** Absent questions refused flatly. */
  absentRefused: number;
  /** Absent questions answered "not sure" (the closest papers, clearly marked as a guess). */
  absentHedged: number;
}

export const SYSTEMS = ['ask', 'minisearch', 'sentences'] as const;
export type System = (typeof SYSTEMS)[number];

/** How many papers a baseline shows: a /search page. */
const BASELINE_SHOWN = 5;

/** What a system replied: the papers it shows in order, the text it quotes, whether it refused or hedged. */
interface Reply {
  shown: string[];
  quoted: string;
  /** A flat refusal: no paper shown. */
  refused: boolean;
  /** "Not sure": the papers shown are the closest, not an answer. */
  hedged: boolean;
}

export interface Evaluation {
  /** Per system: per kind, per style and `total`. */
  tallies: Record<System, Map<string, Tally>>;
  /** /ask's misses, one line each. */
  misses: string[];
}

const emptyTally = (): Tally => ({
  questions: 0,
  answerable: 0,
  topPaper: 0,
  shownPaper: 0,
  confidentRight: 0,
  refusedAnswerable: 0,
  hedgedAnswerable: 0,
  figureQuestions: 0,
  figureQuoted: 0,
  absent: 0,
  absentRefused: 0,
  absentHedged: 0,
});

/**
 * The two baselines, built once per library with MiniSearch's DEFAULT options (no stemming,
 * no stopwords, no boosts, no prefix or fuzzy matching):
 *  - plain MiniSearch over title + abstract: its first papers; it "quotes" its top paper's
 *    sentence that a default sentence search ranks first;
 *  - a plain sentence index over every abstract sentence: the papers of its first sentences,
 *    quoting the top sentence.
 * Each refuses only when it returns nothing, and never hedges.
 */
export class Baselines {
  readonly #papers = new MiniSearch<{ id: string; title: string; abstract: string }>({ fields: ['title', 'abstract'] });
  readonly #sentences = new MiniSearch<{ id: number; text: string; paperKey: string }>({ fields: ['text'], storeFields: ['text', 'paperKey'] });

  constructor(library: Library) {
    this.#papers.addAll(library.all().map((paper) => ({ id: paper.key, title: paper.title, abstract: paper.abstract })));
    let id = 0;
    for (const paper of library.all()) for (const text of splitSentences(paper.abstract)) this.#sentences.add({ id: id++, text, paperKey: paper.key });
  }

  /** Both baselines' replies to a question (one sentence search serves both). */
  replies(question: string): Record<Exclude<System, 'ask'>, Reply> {
    const papers = this.#papers
      .search(question)
      .slice(0, BASELINE_SHOWN)
      .map((result) => result.id as string);
    const sentences = this.#sentences.search(question);
    const top = papers[0];
    const quoted = top === undefined ? '' : String(sentences.find((result) => result.paperKey === top)?.text ?? '');
    const sentencePapers = [...new Set(sentences.slice(0, 50).map((result) => result.paperKey as string))].slice(0, BASELINE_SHOWN);
    return {
      minisearch: { shown: papers, quoted, refused: papers.length === 0, hedged: false },
      sentences: { shown: sentencePapers, quoted: String(sentences[0]?.text ?? ''), refused: sentences.length === 0, hedged: false },
    };
  }
}

function askReply(answer: Answer): Reply {
  return {
    shown: answer.sources.slice(0, answer.citedCount).map((paper) => paper.key),
    quoted: answer.parts.map((part) => part.text).join(' '),
    refused: answer.status === 'not-found',
    hedged: answer.status === 'unsure',
  };
}

/** Scores /ask and both baselines (or, with `baselines` null, /ask alone) on a question set; `ask` answers it (default: answerQuestion). */
export function evaluate(
  library: Library,
  cases: readonly EvalCase[],
  now: Date,
  baselines: Baselines | null = new Baselines(library),
  ask: (question: string) => Answer = (question) => answerQuestion(library, question, now),
): Evaluation {
  const tallies = Object.fromEntries(SYSTEMS.map((system) => [system, new Map<string, Tally>()])) as Record<System, Map<string, Tally>>;
  const misses: string[] = [];
  const systems = baselines ? SYSTEMS : (['ask'] as const);
  for (const item of cases) {
    const replies: Partial<Record<System, Reply>> = { ask: askReply(ask(item.question)), ...baselines?.replies(item.question) };
    for (const system of systems) {
      for (const group of new Set([item.kind, `style:${item.style}`, 'total'])) {
        const byGroup = tallies[system];
        const tally = byGroup.get(group) ?? emptyTally();
        byGroup.set(group, tally);
        const miss = record(tally, item, replies[system] as Reply);
        if (system === 'ask' && group === 'total' && miss)
          misses.push(`${item.id} [${item.kind}] ${item.question}\n      → ${miss}${plainNote(item, replies.ask, replies.minisearch)}`);
      }
    }
  }
  return { tallies, misses };
}

/** For a miss of /ask whose first paper is wrong: whether plain MiniSearch put the right paper first (where /ask falls behind it). */
function plainNote(item: EvalCase, ask: Reply | undefined, plain: Reply | undefined): string {
  if (item.paper === undefined || ask?.shown[0] === item.paper || plain?.shown[0] !== item.paper) return '';
  return ' [plain MiniSearch: right first]';
}

/** Adds one reply to a tally; returns what went wrong, if anything. */
function record(tally: Tally, item: EvalCase, reply: Reply): string | null {
  tally.questions++;
  if (item.paper === undefined) {
    tally.absent++;
    if (reply.refused) tally.absentRefused++;
    else if (reply.hedged) tally.absentHedged++;
    return reply.refused || reply.hedged ? null : `answered with ${reply.shown[0]}: ${reply.quoted.slice(0, 120)}`;
  }
  tally.answerable++;
  const problems: string[] = [];
  if (reply.shown.includes(item.paper)) tally.shownPaper++;
  if (reply.refused) {
    tally.refusedAnswerable++;
    problems.push(`refused flatly (expected ${item.paper})`);
  } else {
    if (reply.hedged) tally.hedgedAnswerable++;
    if (reply.shown[0] === item.paper) {
      tally.topPaper++;
      if (!reply.hedged) tally.confidentRight++;
      else problems.push('right paper first, but unsure');
    } else
      problems.push(
        `${reply.hedged ? 'unsure, ' : ''}showed ${reply.shown.slice(0, 3).join(', ')} (expected ${item.paper}${reply.shown.includes(item.paper) ? ', shown lower' : ''})`,
      );
  }
  if (item.figure !== undefined) {
    tally.figureQuestions++;
    if (reply.quoted.includes(item.figure)) tally.figureQuoted++;
    else problems.push(`lacks ${item.figure}: ${reply.quoted.slice(0, 160)}`);
  }
  return problems.length > 0 ? problems.join('; ') : null;
}

export interface Latency {
  ask: Quantiles;
  /** library.search on the question's text, as /search would run it. */
  search: Quantiles;
  /** The search /ask itself runs: the question's content words, any of them. */
  askSearch: Quantiles;
}

export interface Quantiles {
  p50: number;
  p99: number;
}

/** Milliseconds of answerQuestion and of the searches, on the same questions (after a warm-up pass). */
export function measureLatency(library: Library, cases: readonly EvalCase[], now: Date, rounds = 3): Latency {
  const ask: number[] = [];
  const search: number[] = [];
  const askSearch: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (const item of cases) {
      let start = performance.now();
      const answer = answerQuestion(library, item.question, now);
      const askMs = performance.now() - start;
      start = performance.now();
      library.search({ query: item.question });
      const searchMs = performance.now() - start;
      start = performance.now();
      library.search({ query: answer.question.query, anyTerm: true });
      const askSearchMs = performance.now() - start;
      if (round === 0) continue;
      ask.push(askMs);
      search.push(searchMs);
      askSearch.push(askSearchMs);
    }
  }
  return { ask: quantiles(ask), search: quantiles(search), askSearch: quantiles(askSearch) };
}

function quantiles(values: number[]): Quantiles {
  return { p50: quantile(values, 0.5), p99: quantile(values, 0.99) };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** One row of the calibration: the confidence of the retrieval for a question, and what the right decision was. */
export interface CalibrationRow {
  id: string;
  /**
   * `right`: the top paper is the expected one (should answer); `wrong`: it is not; `absent`:
   * no paper covers the question (should refuse); `removed`: an answerable question asked of
   * the digest without its paper (should mostly refuse; a similar paper may still answer it).
   */
  group: 'right' | 'wrong' | 'absent' | 'removed';
  confidence: number;
}

/** The retrieval confidence of every question, and of every answerable one with its paper left out. */
export function calibrationRows(library: Library, cases: readonly EvalCase[], now: Date): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  const confidenceOf = (retrieval: ReturnType<typeof retrieve>) => (retrieval.evidence ? answerConfidence(retrieval.evidence) : Number.NEGATIVE_INFINITY);
  for (const item of cases) {
    const retrieval = retrieve(library, item.question, now);
    if (retrieval.terms.length === 0) continue;
    const top = retrieval.candidates[0]?.paper.key;
    const group = item.paper === undefined ? 'absent' : top === item.paper ? 'right' : 'wrong';
    rows.push({ id: item.id, group, confidence: confidenceOf(retrieval) });
    if (item.paper !== undefined)
      rows.push({ id: item.id, group: 'removed', confidence: confidenceOf(retrieve(library, item.question, now, new Set([item.paper]))) });
  }
  return rows;
}
