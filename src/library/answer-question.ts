import type { Paper } from '../digest/paper.js';
import { rankCandidates, retrievalEvidence, type PaperCandidate, type RetrievalEvidence } from './answer-evidence.js';
import { chooseSentences, type ChosenSentence } from './answer-sentences.js';
import { isAnswerable } from './answerability.js';
import { excerpt } from './excerpt.js';
import type { Library } from './library.js';
import { byNewest } from './paper-order.js';
import { parseQuestion, type Question } from './question.js';
import { publishedWithin } from './question-dates.js';
import { queryTermsOf, type QueryTerm } from './question-terms.js';
import { relatedPapers } from './related-papers.js';
import { processTerm } from './text-analysis.js';

/** One sentence of an answer, quoted from a paper and cited as [citation]. */
interface AnswerPart {
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
  /** When not found: papers that hold the question's specific words, offered as "maybe related" (often none). */
  related: Paper[];
  /** The retrieved sentences an optional model may write from, cited like `parts`. */
  evidence: AnswerPart[];
  /** What the retrieval said, for tuning and logs; null when there was nothing to retrieve. */
  retrieval: RetrievalEvidence | null;
}

const MAX_PARTS = 3;
const MAX_CITED = 5;
const MAX_EVIDENCE = 8;
/** A plural question quotes or lists further papers that hold at least this weighted share of it. */
const PLURAL_MIN_COVERAGE = 0.6;

/**
 * Answers a question from the digest alone, extractively. The paper search (full text, the
 * question's frame words left out) decides the paper; the retrieval evidence (how much of the
 * question, weighted by how specific each word is, the top paper holds, and how it compares
 * with the next papers) decides whether it answers at all; then the paper's best sentences
 * are quoted, for a figure question the one whose figure fits the asked unit. Time and
 * organization filters apply only when the question asks for them. When nothing answers,
 * it says so, offering as "maybe related" only papers that hold the question's specific words.
 */
export function answerQuestion(library: Library, text: string, now: Date): Answer {
  const retrieval = retrieve(library, text, now);
  const { question, terms, candidates, evidence } = retrieval;
  if (terms.length === 0) {
    const filtered = question.since !== null || question.until !== null || question.organizations.length > 0;
    // The library keeps its papers newest first: filter that order, sort nothing.
    return filtered || question.wantsNewest ? listAnswer(question, library.latest(library.size).filter(retrieval.allowed)) : notFound(question, [], null);
  }
  const top = candidates[0];
  if (!top || !evidence || !isAnswerable(evidence)) return notFound(question, relatedPapers(terms, candidates, library.size), evidence);

  const chosen = question.plural ? acrossPapers(question, terms, candidates) : chooseSentences(question, terms, top.sentences);
  if (question.wantsNewest) chosen.sort((a, b) => byNewest(a.sentence.paper, b.sentence.paper));
  const sources: Paper[] = [];
  const cite = (paper: Paper) => {
    const index = sources.findIndex((known) => known.key === paper.key);
    if (index >= 0) return index + 1;
    sources.push(paper);
    return sources.length;
  };
  const stems = terms.map((term) => term.stem);
  const parts = chosen.map(({ sentence, figure }) => ({ text: excerpt(sentence.text, stems, figure?.index ?? null), citation: cite(sentence.paper) }));
  if (question.plural) {
    // More papers that hold most of the question, as further reading.
    for (const candidate of candidates) if (candidate.coverage >= PLURAL_MIN_COVERAGE && sources.length < MAX_CITED) cite(candidate.paper);
  }
  const citedCount = sources.length;
  const evidenceParts = candidates
    .flatMap((candidate) => [...candidate.sentences].sort((a, b) => b.titledCoverage - a.titledCoverage).slice(0, candidate === top ? 3 : 1))
    .filter((sentence) => sentence.coverage > 0)
    .slice(0, MAX_EVIDENCE)
    .map((sentence) => ({ text: sentence.text, citation: cite(sentence.paper) }));
  return { question, status: 'answered', parts, sources, citedCount, related: [], evidence: evidenceParts, retrieval: evidence };
}

/** What the retrieval found for a question, before deciding whether it answers. */
export interface Retrieval {
  question: Question;
  terms: QueryTerm[];
  /** Whether a paper passes the question's time and organization filters. */
  allowed: (paper: Paper) => boolean;
  /** The search's first papers that pass the filters, reranked (see rankCandidates). */
  candidates: PaperCandidate[];
  /** Null when the question has no content words. */
  evidence: RetrievalEvidence | null;
}

/**
 * Parses the question and ranks the papers for it. `without` leaves papers out, as if the
 * digest lacked them: `npm run eval:answers -- --calibrate` uses it to see the evidence when
 * the paper a question is about is missing.
 */
export function retrieve(library: Library, text: string, now: Date, without: ReadonlySet<string> = new Set()): Retrieval {
  const question = parseQuestion(text, now, library.organizations(), {
    documentsWith: (word) => {
      const stem = processTerm(word);
      return stem === null ? library.size : library.documentFrequency(stem);
    },
    size: library.size,
  });
  const allowed = (paper: Paper) =>
    !without.has(paper.key) &&
    publishedWithin(paper, question.since, question.until) &&
    (question.organizations.length === 0 || question.organizations.some((org) => org.id === paper.organization?.id));
  const terms = queryTermsOf(question.query, (stem) => library.documentFrequency(stem), library.size);
  if (terms.length === 0) return { question, terms, allowed, candidates: [], evidence: null };
  const hits = library.search({ query: question.query, anyTerm: true }).hits.filter((hit) => allowed(hit.paper));
  const candidates = rankCandidates(terms, hits);
  return { question, terms, allowed, candidates, evidence: retrievalEvidence(terms, candidates) };
}

/** A plural question: the best sentence of each paper that holds enough of the question, best ranked first. */
function acrossPapers(question: Question, terms: readonly QueryTerm[], candidates: readonly PaperCandidate[]): ChosenSentence[] {
  return candidates
    .filter((candidate, index) => index === 0 || (candidate.coverage >= PLURAL_MIN_COVERAGE && candidate.sentences.length > 0))
    .slice(0, MAX_PARTS)
    .flatMap((candidate) => chooseSentences(question, terms, candidate.sentences).slice(0, 1));
}

/** Questions with only a time or organization ("papers from Alibaba", "what's new since May"). */
function listAnswer(question: Question, papers: Paper[]): Answer {
  if (papers.length === 0) return notFound(question, [], null);
  const sources = papers.slice(0, MAX_CITED);
  const parts = sources
    .slice(0, MAX_PARTS)
    .map((paper, index) => ({ text: `${paper.title}${paper.publishedAt ? ` (${paper.publishedAt})` : ''}`, citation: index + 1 }));
  return { question, status: 'answered', parts, sources, citedCount: sources.length, related: [], evidence: parts, retrieval: null };
}

function notFound(question: Question, related: Paper[], retrieval: RetrievalEvidence | null): Answer {
  return { question, status: 'not-found', parts: [], sources: [], citedCount: 0, related, evidence: [], retrieval };
}
