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
import { splitSentences } from '../src/library/sentences.js';
import { queryTerms } from '../src/library/text-analysis.js';
import { REAL_DIGEST_DIR, realDigestFolder } from './real-digest-folder.js';

const ROOT = new URL('../', import.meta.url).pathname;
export const SEEDS_DIR = path.join(ROOT, 'seeds');
/** "Today" for the seed questions ("since May" is May 2026). */
export const SEED_NOW = new Date('2026-11-28T12:00:00Z');
/** "Today" for the real questions, as their writer was told. */
export const REAL_NOW = new Date('2026-08-24T12:00:00Z');

export const QUESTION_SETS = ['seed', 'train', 'heldout'] as const;
export type QuestionSet = (typeof QUESTION_SETS)[number];

/** One question of a set. Answerable ones name their paper; `absent` ones list the words checked absent. */
export interface EvalCase {
  id: string;
  kind: string;
  question: string;
  paper?: string;
  figure?: string;
  unit?: string;
  checkedTerms?: string[];
}

const SET_FILES: Record<QuestionSet, string> = {
  seed: 'questions.json',
  train: 'real-questions-train.json',
  heldout: 'real-questions-heldout.json',
};

/** The questions of a set; the seed set's have no ids or kinds, so they get `seed-n` and figure/other. */
export async function loadQuestionSet(set: QuestionSet): Promise<EvalCase[]> {
  const raw = JSON.parse(await readFile(path.join(ROOT, 'test/fixtures', SET_FILES[set]), 'utf8')) as Partial<EvalCase>[];
  return raw.map((item, index) => ({
    ...item,
    id: item.id ?? `seed-${index + 1}`,
    kind: item.kind ?? (item.figure === undefined ? 'other' : 'figure'),
    question: item.question as string,
  }));
}

/** The seed digest, as the bot loads it. */
export async function loadSeedLibrary(): Promise<Library> {
  const [digest, topics] = await Promise.all([loadDigest(SEEDS_DIR), loadTopics(SEEDS_DIR)]);
  return new Library(digest.papers, topics.topics);
}

/**
 * The seed plus the seven real part files, loaded by the ordinary loader from a temporary
 * folder of symbolic links (realDigestFolder: nothing is copied). Takes some 20 s to index.
 */
export async function loadRealLibrary(): Promise<Library> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'real-digest-'));
  try {
    if (realDigestFolder(dir) === null) throw new Error(`${REAL_DIGEST_DIR} is absent`);
    const [digest, topics] = await Promise.all([loadDigest(dir), loadTopics(dir)]);
    return new Library(digest.papers, topics.topics);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What one system got right, over some questions. */
export interface Tally {
  questions: number;
  /** Questions that name a paper. */
  answerable: number;
  /** Answerable questions whose top citation (or top result) is the expected paper. */
  topPaper: number;
  /** Answerable questions the system refused (returned nothing, or "not found"). */
  refusedAnswerable: number;
  figureQuestions: number;
  /** Figure questions whose quoted text contains the expected figure. */
  figureQuoted: number;
  absent: number;
  /** Absent questions refused with no unrelated "maybe related" papers. */
  absentRefused: number;
  /** Absent questions that showed "maybe related" papers. */
  relatedShown: number;
}

export const SYSTEMS = ['ask', 'minisearch', 'sentences'] as const;
export type System = (typeof SYSTEMS)[number];

/** What a system replied: its top paper, the text it quotes, whether it refused. */
interface Reply {
  topPaper: string | undefined;
  quoted: string;
  refused: boolean;
  related: string[];
}

export interface Evaluation {
  /** Per system: per kind, and `total`. */
  tallies: Record<System, Map<string, Tally>>;
  /** /ask's misses, one line each. */
  misses: string[];
}

const emptyTally = (): Tally => ({
  questions: 0,
  answerable: 0,
  topPaper: 0,
  refusedAnswerable: 0,
  figureQuestions: 0,
  figureQuoted: 0,
  absent: 0,
  absentRefused: 0,
  relatedShown: 0,
});

/**
 * The two baselines, built once per library with MiniSearch's DEFAULT options (no stemming,
 * no stopwords, no boosts, no prefix or fuzzy matching):
 *  - plain MiniSearch over title + abstract: its top paper; it "quotes" that paper's sentence
 *    that a default sentence search ranks first;
 *  - a plain sentence index over every abstract sentence: its top sentence and that sentence's paper.
 * Each refuses only when it returns nothing.
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
    const top = this.#papers.search(question)[0]?.id as string | undefined;
    const sentences = this.#sentences.search(question);
    const best = sentences[0];
    const quoted = top === undefined ? '' : String(sentences.find((result) => result.paperKey === top)?.text ?? '');
    return {
      minisearch: { topPaper: top, quoted, refused: top === undefined, related: [] },
      sentences: { topPaper: best?.paperKey as string | undefined, quoted: String(best?.text ?? ''), refused: best === undefined, related: [] },
    };
  }
}

function askReply(answer: Answer): Reply {
  const answered = answer.status === 'answered';
  return {
    topPaper: answered ? answer.sources[0]?.key : undefined,
    quoted: answer.parts.map((part) => part.text).join(' '),
    refused: !answered,
    related: answer.related.map((paper) => paper.key),
  };
}

/**
 * Whether "maybe related" papers are fair on an absent question: each must contain every
 * word the question's writer checked to be absent from the digest (so, in practice, never).
 */
function relatedIsFair(library: Library, item: EvalCase, related: readonly string[]): boolean {
  const wanted = queryTerms((item.checkedTerms ?? []).join(' '));
  return related.every((key) => {
    const paper = library.get(key);
    const words = new Set(queryTerms(`${paper?.title ?? ''} ${paper?.abstract ?? ''}`));
    return wanted.every((stem) => words.has(stem));
  });
}

/** Scores /ask and both baselines (or, with `baselines` null, /ask alone) on a question set. */
export function evaluate(library: Library, cases: readonly EvalCase[], now: Date, baselines: Baselines | null = new Baselines(library)): Evaluation {
  const tallies = Object.fromEntries(SYSTEMS.map((system) => [system, new Map<string, Tally>()])) as Record<System, Map<string, Tally>>;
  const misses: string[] = [];
  const systems = baselines ? SYSTEMS : (['ask'] as const);
  for (const item of cases) {
    const replies: Partial<Record<System, Reply>> = { ask: askReply(answerQuestion(library, item.question, now)), ...baselines?.replies(item.question) };
    for (const system of systems) {
      for (const kind of [item.kind, 'total']) {
        const byKind = tallies[system];
        const tally = byKind.get(kind) ?? emptyTally();
        byKind.set(kind, tally);
        const miss = record(tally, item, replies[system] as Reply, library);
        if (system === 'ask' && kind === 'total' && miss) misses.push(`${item.id} [${item.kind}] ${item.question}\n      → ${miss}`);
      }
    }
  }
  return { tallies, misses };
}

/** Adds one reply to a tally; returns what went wrong, if anything. */
function record(tally: Tally, item: EvalCase, reply: Reply, library: Library): string | null {
  tally.questions++;
  if (item.paper === undefined) {
    tally.absent++;
    if (reply.related.length > 0) tally.relatedShown++;
    const refused = reply.refused && relatedIsFair(library, item, reply.related);
    if (refused) tally.absentRefused++;
    return refused ? null : reply.refused ? `offered ${reply.related.join(', ')}` : `answered with ${reply.topPaper}: ${reply.quoted.slice(0, 120)}`;
  }
  tally.answerable++;
  const problems: string[] = [];
  if (reply.refused) {
    tally.refusedAnswerable++;
    problems.push(`refused (expected ${item.paper}${reply.related.includes(item.paper) ? ', offered as related' : ''})`);
  } else if (reply.topPaper === item.paper) tally.topPaper++;
  else problems.push(`cited ${reply.topPaper} first (expected ${item.paper})`);
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
