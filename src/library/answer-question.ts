import type { Paper } from '../digest/paper.js';
import { rankCandidates, retrievalEvidence, type PaperCandidate, type RetrievalEvidence } from './answer-evidence.js';
import { chooseSentences, type ChosenSentence } from './answer-sentences.js';
import { isAnswerable } from './answerability.js';
import { excerpt } from './excerpt.js';
import { fuseRankings } from './fuse-rankings.js';
import type { Library } from './library.js';
import { byNewest } from './paper-order.js';
import { parseQuestion, type Question } from './question.js';
import { publishedWithin } from './question-dates.js';
import { queryTermsOf, type QueryTerm } from './question-terms.js';
import { rankAsTyped } from './rank-as-typed.js';
import { holdsSpecificWords } from './specific-words.js';
import { processTerm } from './text-analysis.js';

/** One sentence of an answer, quoted from a paper and cited as [citation]. */
interface AnswerPart {
  text: string;
  citation: number;
}

export interface Answer {
  question: Question;
  /**
   * `answered`: the evidence says the first source answers it. `unsure`: it does not, and the
   * sources are the closest papers, each with its best sentence (up to MAX_UNSURE). `not-found`:
   * the question's specific words are in no paper (or its time and organization filters leave
   * none): nothing is shown.
   */
  status: 'answered' | 'unsure' | 'not-found';
  /** One to three quoted or trimmed sentences. Empty when not found. */
  parts: AnswerPart[];
  /** Numbered papers: `sources[0]` is [1], the best paper. The parts cite the first ones; evidence may cite more. */
  sources: Paper[];
  /** How many of `sources` the extractive answer shows (those its parts cite, plus further reading for plural questions). */
  citedCount: number;
  /**
   * When not found because the question asks for a time after the digest's newest paper
   * ("this month" on a digest no longer fed): that paper's date, so the reply can say so.
   */
  digestEnds: string | null;
  /** The retrieved sentences an optional model may write from, cited like `parts`. */
  evidence: AnswerPart[];
  /** What the retrieval said, for tuning and logs; null when there was nothing to retrieve. */
  retrieval: RetrievalEvidence | null;
}

/** What may inform an answer beyond the digest's own text. */
export interface AnswerOptions {
  /**
   * Paper keys ranked by an embeddings model's similarity to the question, best first (the
   * optional EMBEDDINGS_* endpoint); absent when none is configured or it failed.
   */
  semantic?: readonly string[] | undefined;
}

const MAX_PARTS = 3;
/** How many papers of each ranking the answer fuses. */
const RANKING_DEPTH = 50;
/**
 * The fusion's k and the weight of the ranking of the question's words as typed (see
 * retrieve). Chosen on the train halves of issue 19 (473 answerable questions): simulated
 * over the fused candidates, k from 20 to 40 with a weight of 1.5 to 2 put 460 to 463 right
 * papers first against 453 without it, and k = 60 left three sets behind plain MiniSearch;
 * `npm run eval:answers` then measured 464 with k = 20 and a weight of 2, no set behind.
 * It reads the question's text as it came, frame words included ("which paper", "anyone
 * know"): they are common and weigh little, and reading the question without them put 3
 * fewer right papers first on those halves (515 against 518 of 533, with tidy4 and casual4).
 */
const ASK_FUSION_K = 20;
const AS_TYPED_WEIGHT = 2;
const FILTERED_PLAIN_DEPTH = 2000;
/** Closest papers shown when unsure. */
const MAX_UNSURE = 3;
const MAX_CITED = 5;
const MAX_EVIDENCE = 8;
/** An answer to one paper also shows up to this many next closest papers, when they hold at least this share of what the first holds. */
const MAX_ALSO = 2;
const ALSO_MIN_COVERAGE = 0.75;
/** A plural question quotes or lists further papers that hold at least this weighted share of it. */
const PLURAL_MIN_COVERAGE = 0.6;

/**
 * Answers a question from the digest alone, extractively. The rankings (see `retrieve`) decide
 * the paper; the retrieval evidence (how much of the question, weighted by how specific each
 * word is, the top paper holds, and how it compares with the next papers) decides whether it
 * answers with confidence; then the paper's best sentences are quoted, for a figure question
 * the one whose figure fits the asked unit, and the next closest papers follow. Time and
 * organization filters apply only when the question asks for them. Short of confidence it
 * says it is not sure and quotes the closest papers; only when they share nothing specific
 * with the question does it say that nothing in the digest covers it. A question naming an
 * organization none of whose papers is related reads the papers that name no organization too.
 */
export function answerQuestion(library: Library, text: string, now: Date, options: AnswerOptions = {}): Answer {
  const retrieval = retrieve(library, text, now, new Set(), options.semantic);
  const { question, terms, candidates, evidence } = retrieval;
  if (terms.length === 0) {
    // The library keeps its papers newest first: read that order until MAX_CITED pass the filters.
    return hasFilter(question) || question.wantsNewest
      ? listAnswer(library, question, library.newestWhere(MAX_CITED, retrieval.allowed))
      : notFound(library, question, null);
  }
  const top = candidates[0];
  if (!top || !evidence || !isAnswerable(evidence)) {
    if (top && evidence && holdsSpecificWords(terms, candidates, library.size)) return unsure(question, terms, candidates, evidence);
    if (question.organizations.length > 0) {
      // None of the named lab's papers is related. The digest names organizations only from
      // late 2025 on, so a paper of that lab may name none: read those papers too, and be
      // unsure, as the organization is not confirmed.
      const wider = retrieve(library, text, now, new Set(), options.semantic, { unknownOrganizations: true });
      if (wider.evidence && holdsSpecificWords(wider.terms, wider.candidates, library.size))
        return unsure(question, wider.terms, wider.candidates, wider.evidence);
    }
    return notFound(library, question, evidence);
  }

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
  } else {
    // The next closest papers, shown after the answer: the ranking can be wrong about which
    // paper answers, and the right one is then usually among these.
    for (const candidate of candidates.slice(1, 1 + MAX_ALSO)) if (candidate.coverage >= ALSO_MIN_COVERAGE * top.coverage) cite(candidate.paper);
  }
  const citedCount = sources.length;
  const evidenceParts = candidates
    .flatMap((candidate) => [...candidate.sentences].sort((a, b) => b.titledCoverage - a.titledCoverage).slice(0, candidate === top ? 3 : 1))
    .filter((sentence) => sentence.coverage > 0)
    .slice(0, MAX_EVIDENCE)
    .map((sentence) => ({ text: sentence.text, citation: cite(sentence.paper) }));
  return { question, status: 'answered', parts, sources, citedCount, digestEnds: null, evidence: evidenceParts, retrieval: evidence };
}

/** Not sure: the closest papers, each with its best sentence for the question, cited [1]…[n]. */
function unsure(question: Question, terms: readonly QueryTerm[], candidates: readonly PaperCandidate[], evidence: RetrievalEvidence): Answer {
  const closest = candidates.slice(0, MAX_UNSURE);
  const parts = closest.flatMap((candidate, index) =>
    chooseSentences(question, terms, candidate.sentences)
      .slice(0, 1)
      .map(({ sentence, figure }) => ({
        text: excerpt(
          sentence.text,
          terms.map((term) => term.stem),
          figure?.index ?? null,
        ),
        citation: index + 1,
      })),
  );
  const sources = closest.map((candidate) => candidate.paper);
  return { question, status: 'unsure', parts, sources, citedCount: sources.length, digestEnds: null, evidence: parts, retrieval: evidence };
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
 * Parses the question and ranks the papers for it: the search's own ranking (titles boosted,
 * typos and compound names read), the plain full-text ranking (every field alike), the papers
 * of both ranked again by the question's words as typed (rankAsTyped, counted twice), and,
 * when an embeddings endpoint answered, `semantic`, fused by reciprocal rank; then the first
 * papers are reranked by how much of the question they hold (rankCandidates). On questions
 * written by people who never saw the code, the plain ranking alone often beat the search's
 * own; fused, each covers the other's misses. `without` leaves papers out, as if the digest
 * lacked them: `npm run eval:answers -- --calibrate` uses it to see the evidence when the
 * paper a question is about is missing. `unknownOrganizations` lets papers that name no
 * organization pass a question's organization filter.
 */
export function retrieve(
  library: Library,
  text: string,
  now: Date,
  without: ReadonlySet<string> = new Set(),
  semantic?: readonly string[],
  { unknownOrganizations = false }: { unknownOrganizations?: boolean } = {},
): Retrieval {
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
    (question.organizations.length === 0 ||
      question.organizations.some((org) => org.id === paper.organization?.id) ||
      (unknownOrganizations && paper.organization === null));
  const terms = queryTermsOf(
    question.query,
    (stem) => library.documentFrequency(stem),
    library.size,
    (word) => library.expandAbbreviation(word),
  );
  if (terms.length === 0) return { question, terms, allowed, candidates: [], evidence: null };
  const own = library.search({ query: question.query, anyTerm: true, keep: { first: RANKING_DEPTH, where: allowed } }).hits.map((hit) => hit.paper);
  // The plain ranking also reads what the question's abbreviations stand for ("moe" → mixture experts).
  const expanded = [question.query, ...terms.flatMap((term) => term.longForm ?? [])].join(' ');
  // With a time or organization filter most of the plain ranking's first papers fall out: read further.
  const plain = library
    .plainSearch(expanded, hasFilter(question) ? FILTERED_PLAIN_DEPTH : RANKING_DEPTH)
    .filter((hit) => allowed(hit.paper))
    .slice(0, RANKING_DEPTH)
    .map((hit) => hit.paper);
  // The papers both rankings found, ranked again by the question's words as typed.
  const found = [...new Map([...own, ...plain].map((paper) => [paper.key, paper])).values()];
  const asTyped = rankAsTyped(text, found, (stem) => library.documentFrequency(stem), library.size);
  const bySemantic = (semantic ?? []).flatMap((key) => {
    const paper = library.get(key);
    return paper && allowed(paper) ? [paper] : [];
  });
  const hits = fuseRankings(
    [
      { items: own, weight: 1 },
      { items: plain, weight: 1 },
      { items: asTyped, weight: AS_TYPED_WEIGHT },
      { items: bySemantic, weight: 1 },
    ],
    (paper) => paper.key,
    ASK_FUSION_K,
  ).map(({ item, score }) => ({ paper: item, score, terms: [], matchedAll: false }));
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
function listAnswer(library: Library, question: Question, papers: Paper[]): Answer {
  if (papers.length === 0) return notFound(library, question, null);
  const sources = papers.slice(0, MAX_CITED);
  const parts = sources
    .slice(0, MAX_PARTS)
    .map((paper, index) => ({ text: `${paper.title}${paper.publishedAt ? ` (${paper.publishedAt})` : ''}`, citation: index + 1 }));
  return { question, status: 'answered', parts, sources, citedCount: sources.length, digestEnds: null, evidence: parts, retrieval: null };
}

function notFound(library: Library, question: Question, retrieval: RetrievalEvidence | null): Answer {
  const newest = library.newestDate;
  const afterTheDigest = newest !== null && question.since !== null && question.since > newest;
  return { question, status: 'not-found', parts: [], sources: [], citedCount: 0, digestEnds: afterTheDigest ? newest : null, evidence: [], retrieval };
}

/** Whether the question limits the papers by time or organization. */
function hasFilter(question: Question): boolean {
  return question.since !== null || question.until !== null || question.organizations.length > 0;
}
