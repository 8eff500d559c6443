import type { Paper } from '../digest/paper.js';
import type { Library } from './library.js';
import { byNewest } from './paper-order.js';
import { parseQuestion, type Question } from './question.js';
import { excerpt, figuresIn } from './excerpt.js';
import { queryTerms, stemWord, WORD_SEPARATOR } from './text-analysis.js';

/** One sentence of an answer, quoted from a paper and cited as [citation]. */
export interface AnswerPart {
  text: string;
  citation: number;
}

export interface Answer {
  question: Question;
  status: 'answered' | 'not-found';
  /** One to three quoted or trimmed sentences. Empty when not found. */
  parts: AnswerPart[];
  /** Numbered papers: `sources[0]` is [1], the best paper. The parts cite the first ones; evidence may cite more. */
  sources: Paper[];
  /** How many of `sources` the extractive answer shows (those its parts cite, plus further reading for plural questions). */
  citedCount: number;
  /** When not found: the closest papers, offered as "maybe related". */
  related: Paper[];
  /** The retrieved sentences an optional model may write from, cited like `parts`. */
  evidence: AnswerPart[];
}

interface Candidate {
  paper: Paper;
  text: string;
  coverage: number;
  score: number;
  figures: string[];
}

const MAX_PARTS = 3;
const MAX_CITED = 5;
const MAX_EVIDENCE = 8;
/** Answers quote sentences from the papers the paper search ranks highest for the question. */
const CANDIDATE_PAPERS = 40;

/**
 * Answers a question from the digest alone, extractively: it retrieves abstract sentences,
 * reranks them by how much of the question they cover, where their paper ranks in the
 * paper search, and whether they hold a figure when one is asked for, and quotes the best
 * one to three, each cited. When nothing covers the question it says so and offers the
 * closest papers instead of quoting an unrelated sentence.
 */
export function answerQuestion(library: Library, text: string, now: Date): Answer {
  const question = parseQuestion(text, now, library.organizations());
  const allowed = (paper: Paper) =>
    (question.since === null || (paper.publishedAt !== null && paper.publishedAt >= question.since)) &&
    (question.until === null || (paper.publishedAt !== null && paper.publishedAt <= question.until)) &&
    (question.organizations.length === 0 || question.organizations.some((org) => org.id === paper.organization?.id));
  const stems = queryTerms(question.query);
  const filtered = question.since !== null || question.until !== null || question.organizations.length > 0 || question.wantsNewest;

  if (stems.length === 0) {
    return filtered ? listAnswer(question, library.all().filter(allowed).sort(byNewest)) : notFound(question, []);
  }

  const paperHits = library.search({ query: question.query, anyTerm: true }).hits.filter((hit) => allowed(hit.paper));
  const paperRank = new Map(paperHits.map((hit, rank) => [hit.paper.key, rank]));
  const sentenceHits = library.searchSentences(
    question.query,
    paperHits.slice(0, CANDIDATE_PAPERS).map((hit) => hit.paper),
  );
  const topScore = sentenceHits[0]?.score ?? 1;

  const candidates: Candidate[] = [];
  for (const hit of sentenceHits) {
    const paper = library.get(hit.sentence.paperKey);
    if (!paper || !allowed(paper)) continue;
    // A sentence speaks in the context of its paper's title ("Context Forcing … Video Generation: … we introduce a Slow-Fast Memory").
    const coverage = coverageOf(hit.sentence.text, stems) > 0 ? coverageOf(`${paper.title} ${hit.sentence.text}`, stems) : 0;
    const rank = paperRank.get(paper.key);
    const figures = figuresIn(hit.sentence.text);
    let score = 0.5 * coverage + 0.3 * (rank === undefined ? 0 : 1 / (1 + rank)) + 0.2 * (hit.score / topScore);
    if (question.wantsFigure) score += figures.length > 0 ? 0.35 : -0.5;
    if (question.countedUnit !== null && countsUnit(hit.sentence.text, question.countedUnit)) score += 0.3;
    candidates.push({ paper, text: hit.sentence.text, coverage, score, figures });
  }
  candidates.sort((a, b) => b.score - a.score);

  const best = candidates[0];
  const minimumCoverage = stems.length === 1 ? 1 : 0.5;
  if (!best || best.coverage < minimumCoverage) {
    // "Maybe related": papers that contain one of the question's words as written, not by a typo match.
    const related = paperHits.filter((hit) => hit.terms.some((term) => stems.some((stem) => term.startsWith(stem))));
    return notFound(
      question,
      related.slice(0, 3).map((hit) => hit.paper),
    );
  }

  const chosen = question.plural ? pickAcrossPapers(candidates, minimumCoverage) : pickFromBestPaper(candidates, best, stems, question);
  if (question.wantsNewest) chosen.sort((a, b) => byNewest(a.paper, b.paper));
  const sources: Paper[] = [];
  const cite = (paper: Paper) => {
    const index = sources.findIndex((known) => known.key === paper.key);
    if (index >= 0) return index + 1;
    sources.push(paper);
    return sources.length;
  };
  const parts = chosen.map((candidate) => ({ text: excerpt(candidate.text, stems, candidate.figures), citation: cite(candidate.paper) }));
  if (question.plural) {
    // More papers that match every word of the question, as further reading.
    const hasEveryWord = (terms: readonly string[]) => stems.every((stem) => terms.some((term) => term.startsWith(stem)));
    for (const hit of paperHits) if (hasEveryWord(hit.terms) && sources.length < MAX_CITED) cite(hit.paper);
  }
  const citedCount = sources.length;
  const evidence = candidates
    .filter((candidate) => candidate.coverage > 0)
    .slice(0, MAX_EVIDENCE)
    .map((candidate) => ({ text: candidate.text, citation: cite(candidate.paper) }));
  return { question, status: 'answered', parts, sources, citedCount, related: [], evidence };
}

/** Whether a number in the sentence counts the unit asked about: "9,700 hours", "411 long documents". */
function countsUnit(text: string, unit: string): boolean {
  const words = text.split(/\s+/);
  return words.some(
    (word, index) => /^~?\d[\d.,]*$/.test(word) && words.slice(index + 1, index + 4).some((next) => stemWord(next.replace(/[^\p{L}\p{N}-]/gu, '')) === unit),
  );
}

/** The share of the question's stems that the sentence contains (a stem may complete a shorter one). */
function coverageOf(text: string, stems: readonly string[]): number {
  const words = new Set(text.split(WORD_SEPARATOR).filter(Boolean).map(stemWord));
  const found = stems.filter((stem) => words.has(stem) || (stem.length >= 4 && [...words].some((word) => word.startsWith(stem))));
  return found.length / stems.length;
}

/**
 * A singular question: the best sentence, and a second one from the same paper when it
 * covers what the first missed, or, for a figure question, when it states another figure
 * about the same thing ("2.42x MFU compared to Megatron-LM" and "an MFU of 52.30%") or
 * counts what "how many" asks for ("up to 1 hour" and "9,700 hours of long videos").
 */
function pickFromBestPaper(candidates: Candidate[], best: Candidate, stems: readonly string[], question: Question): Candidate[] {
  const samePaper = candidates.filter((c) => c !== best && c.paper.key === best.paper.key);
  const countsTheUnit = (c: Candidate) => question.countedUnit !== null && countsUnit(c.text, question.countedUnit);
  const second =
    (best.coverage < 1 ? samePaper.find((c) => coverageOf(`${best.text} ${c.text}`, stems) > best.coverage) : undefined) ??
    (question.wantsFigure ? samePaper.find((c) => c.figures.length > 0 && (c.coverage >= best.coverage || countsTheUnit(c))) : undefined);
  return second ? [best, second] : [best];
}

/** A plural question: the best sentence of each of the best papers. */
function pickAcrossPapers(candidates: Candidate[], minimumCoverage: number): Candidate[] {
  const chosen: Candidate[] = [];
  for (const candidate of candidates) {
    if (chosen.length === MAX_PARTS) break;
    if (candidate.coverage >= minimumCoverage && !chosen.some((c) => c.paper.key === candidate.paper.key)) chosen.push(candidate);
  }
  return chosen;
}

/** Questions with only a time or organization ("papers from Alibaba", "what's new since May"). */
function listAnswer(question: Question, papers: Paper[]): Answer {
  if (papers.length === 0) return notFound(question, []);
  const sources = papers.slice(0, MAX_CITED);
  const parts = sources
    .slice(0, MAX_PARTS)
    .map((paper, index) => ({ text: `${paper.title}${paper.publishedAt ? ` (${paper.publishedAt})` : ''}`, citation: index + 1 }));
  return { question, status: 'answered', parts, sources, citedCount: sources.length, related: [], evidence: parts };
}

function notFound(question: Question, related: Paper[]): Answer {
  return { question, status: 'not-found', parts: [], sources: [], citedCount: 0, related, evidence: [] };
}
