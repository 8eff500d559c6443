/**
 * `tsx scripts/bench/dump-answers.ts <out.json>`: the /ask answer and the first /search page
 * of every question of every question set (the seed set on the seed digest, the real sets
 * on the real digest), written as JSON, so two runs (before and after a change to query
 * processing) can be compared with `diff` or `cmp`. A change that should leave ordinary
 * queries alone must leave this file byte for byte the same. Needs ../shared/real-digest
 * for the real sets (they are left out, with a line on stderr, without it).
 */
import { writeFileSync } from 'node:fs';
import { answerQuestion } from '../../src/library/answer-question.js';
import type { Library } from '../../src/library/library.js';
import { QUESTION_SETS, REAL_NOW, SEED_NOW, loadQuestionSet, loadRealLibrary, loadSeedLibrary } from '../answer-evaluation.js';
import { hasRealDigest, REAL_DIGEST_DIR } from '../real-digest-folder.js';

const out = process.argv[2];
if (!out) throw new Error('usage: tsx scripts/bench/dump-answers.ts <out.json>');

/** What a reply shows of an answer and of a search: statuses, paper keys in order, quoted text. */
function record(library: Library, question: string, now: Date) {
  const answer = answerQuestion(library, question, now);
  const search = library.search({ query: question });
  return {
    question,
    status: answer.status,
    sources: answer.sources.map((paper) => paper.key),
    citedCount: answer.citedCount,
    parts: answer.parts,
    digestEnds: answer.digestEnds,
    searchTotal: search.total,
    searchFirst: search.hits.slice(0, 10).map((hit) => [hit.paper.key, hit.score, hit.terms, hit.matchedAll]),
    suggestions: search.suggestions,
  };
}

const result: Record<string, unknown[]> = {};
const seed = await loadSeedLibrary();
if (!hasRealDigest) process.stderr.write(`${REAL_DIGEST_DIR} is absent: the real question sets are left out\n`);
const real = hasRealDigest ? await loadRealLibrary() : null;
for (const set of QUESTION_SETS) {
  const library = set === 'seed' ? seed : real;
  if (!library) continue;
  const now = set === 'seed' ? SEED_NOW : REAL_NOW;
  result[set] = (await loadQuestionSet(set)).map((item) => record(library, item.question, now));
  process.stderr.write(`${set}: ${result[set].length} questions\n`);
}
writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
