/**
 * `npm run eval:answers`: scores /ask on the question set in test/fixtures/questions.json
 * against two baselines, on the real seed:
 *  - plain MiniSearch (default options, title + abstract) for the top paper;
 *  - a plain sentence index (MiniSearch defaults over abstract sentences) for the figure.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { answerQuestion } from '../src/library/answer-question.js';
import type { Library } from '../src/library/library.js';
import { splitSentences } from '../src/library/sentences.js';

export interface QuestionCase {
  question: string;
  paper: string;
  figure?: string;
}

export interface Scores {
  questions: number;
  figureQuestions: number;
  topPaper: number;
  figureQuoted: number;
  failures: string[];
}

export function loadQuestions(): QuestionCase[] {
  return JSON.parse(readFileSync(new URL('../test/fixtures/questions.json', import.meta.url), 'utf8')) as QuestionCase[];
}

export function scoreAnswers(library: Library, cases: QuestionCase[], now: Date): Scores {
  const scores: Scores = { questions: cases.length, figureQuestions: 0, topPaper: 0, figureQuoted: 0, failures: [] };
  for (const item of cases) {
    const answer = answerQuestion(library, item.question, now);
    const text = answer.parts.map((part) => part.text).join(' ');
    const top = answer.sources[0]?.key;
    if (top === item.paper) scores.topPaper++;
    else scores.failures.push(`${item.question} → ${top ?? 'no answer'} (expected ${item.paper})`);
    if (item.figure !== undefined) {
      scores.figureQuestions++;
      if (text.includes(item.figure)) scores.figureQuoted++;
      else scores.failures.push(`${item.question} → answer lacks ${item.figure}`);
    }
  }
  return scores;
}

export function scoreBaselines(library: Library, cases: QuestionCase[]): Scores {
  const papers = new MiniSearch<{ id: string; title: string; abstract: string }>({ fields: ['title', 'abstract'] });
  papers.addAll(library.all().map((paper) => ({ id: paper.key, title: paper.title, abstract: paper.abstract })));
  const sentences = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: ['text'] });
  let id = 0;
  for (const paper of library.all()) for (const text of splitSentences(paper.abstract)) sentences.add({ id: id++, text });
  const scores: Scores = { questions: cases.length, figureQuestions: 0, topPaper: 0, figureQuoted: 0, failures: [] };
  for (const item of cases) {
    if (papers.search(item.question)[0]?.id === item.paper) scores.topPaper++;
    if (item.figure !== undefined) {
      scores.figureQuestions++;
      if (String(sentences.search(item.question)[0]?.text ?? '').includes(item.figure)) scores.figureQuoted++;
    }
  }
  return scores;
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { seedLibrary, SEED_NOW } = await import('../test/support/seed-library.js');
  const library = await seedLibrary();
  const cases = loadQuestions();
  const ours = scoreAnswers(library, cases, SEED_NOW);
  const baseline = scoreBaselines(library, cases);
  process.stdout.write(
    [
      `questions: ${cases.length} (${ours.figureQuestions} ask for a figure)`,
      `top citation right   /ask ${percent(ours.topPaper, ours.questions)}   plain MiniSearch ${percent(baseline.topPaper, baseline.questions)}`,
      `figure quoted        /ask ${percent(ours.figureQuoted, ours.figureQuestions)}   plain sentence index ${percent(baseline.figureQuoted, baseline.figureQuestions)}`,
      ...ours.failures.map((failure) => `  miss: ${failure}`),
    ].join('\n') + '\n',
  );
}
