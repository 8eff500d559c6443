import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDigest, type Digest } from '../../src/digest/load-digest.js';
import type { Paper } from '../../src/digest/paper.js';
import { SEEDS_DIR } from '../support/seed-library.js';

const LISTING = 'hf-daily-papers-long-context.txt';

/** A paper with its abstract summarized, so each field can be compared exactly. */
function described(paper: Paper) {
  const { abstract, ...fields } = paper;
  return { ...fields, abstract: { length: abstract.length, start: abstract.slice(0, 50), end: abstract.slice(-50) } };
}

describe('the seed digest', () => {
  let digest: Digest;
  const byTitle = (prefix: string) => digest.papers.find((paper) => paper.title.startsWith(prefix)) as Paper;

  beforeAll(async () => {
    digest = await loadDigest(SEEDS_DIR);
  });

  it('loads all 58 papers of the listing without a problem', () => {
    expect(digest.problems).toEqual([]);
    expect(digest.papers).toHaveLength(58);
    expect(digest.files).toMatchObject([
      { file: 'arxiv-ids.tsv', papers: 0, problems: 0 },
      { file: LISTING, papers: 58, problems: 0 },
    ]);
  });

  it('keeps each abstract whole: it is exactly the line after its title', () => {
    const lines = readFileSync(`${SEEDS_DIR}${LISTING}`, 'utf8').split('\n');
    for (const paper of digest.papers) {
      const line = paper.source.line as number;
      expect(lines[line - 1]?.trim()).toBe(paper.title);
      expect(paper.abstract).toBe(lines[line + 1]?.trim());
    }
  });

  it('gives every paper its arXiv id from the sidecar, matched by title', () => {
    const sidecar = readFileSync(`${SEEDS_DIR}arxiv-ids.tsv`, 'utf8').trim().split('\n').slice(1);
    expect(sidecar).toHaveLength(58);
    for (const line of sidecar) {
      const [title, id] = line.split('\t');
      expect(digest.papers.find((paper) => paper.title === title)?.arxivId).toBe(id);
    }
  });

  it('reads a yearless date with the year of its arXiv id, an author count, and no upvote count as 0', () => {
    // "Apr 26" with id 2604.24715 (April 2026): 2026, whatever today's date is.
    expect(described(byTitle('Long-Context Aware Upcycling'))).toEqual({
      key: '2604.24715',
      arxivId: '2604.24715',
      title: 'Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling',
      abstract: { length: 1497, start: 'Hybrid sequence models that combine efficient Tran', end: ', Lm-Harness common sense reasoning and RULER-64K.' },
      publishedAt: '2026-04-26',
      // A listing page shows each paper's own date, not the day it was listed (the seed is a search page spanning months).
      listedOn: null,
      upvotes: 0,
      organization: null,
      authorCount: 10,
      links: [],
      keywords: [],
      authors: null,
      aiSummary: null,
      githubStars: null,
      comments: null,
      countsAsOf: null,
      thumbnail: null,
      source: { file: LISTING, line: 13 },
    });
  });

  it('reads an organization byline (handle and name), upvotes after a full date, and unknown authors', () => {
    expect(described(byTitle('QwenLong-L1.5'))).toEqual({
      key: '2512.12967',
      arxivId: '2512.12967',
      title: 'QwenLong-L1.5: Post-Training Recipe for Long-Context Reasoning and Memory Management',
      abstract: { length: 1917, start: 'We introduce QwenLong-L1.5, a model that achieves ', end: 'asoning, memory tool using, and extended dialogue.' },
      publishedAt: '2025-12-14',
      listedOn: null,
      upvotes: 5,
      organization: { id: 'AlibabaTongyiLab', name: 'TongyiLab' },
      authorCount: null,
      links: [],
      keywords: [],
      authors: null,
      aiSummary: null,
      githubStars: null,
      comments: null,
      countsAsOf: null,
      thumbnail: null,
      source: { file: LISTING, line: 37 },
    });
  });

  it('loads the paper with no author, date or upvote line, with those fields unknown', () => {
    expect(described(byTitle('Training Long-Context Vision-Language Models'))).toEqual({
      key: '2605.13831',
      arxivId: '2605.13831',
      title: 'Training Long-Context Vision-Language Models Effectively with Generalization Beyond 128K Context',
      abstract: { length: 1872, start: 'Long-context modeling is becoming a core capabilit', end: 'for advancing long-context vision-language models.' },
      publishedAt: null,
      listedOn: null,
      upvotes: null,
      organization: null,
      authorCount: null,
      links: [],
      keywords: [],
      authors: null,
      aiSummary: null,
      githubStars: null,
      comments: null,
      countsAsOf: null,
      thumbnail: null,
      source: { file: LISTING, line: 141 },
    });
  });

  it('takes the code link out of the abstract without its trailing full stop', () => {
    expect(described(byTitle('Advancing Transformer Architecture'))).toEqual({
      key: '2311.12351',
      arxivId: '2311.12351',
      title: 'Advancing Transformer Architecture in Long-Context Large Language Models: A Comprehensive Survey',
      abstract: { length: 1548, start: 'With the bomb ignited by ChatGPT, Transformer-base', end: 'https://github.com/Strivin0311/long-llms-learning.' },
      publishedAt: '2023-11-20',
      listedOn: null,
      upvotes: 0,
      organization: null,
      authorCount: 10,
      links: [{ url: 'https://github.com/Strivin0311/long-llms-learning', kind: 'code' }],
      keywords: [],
      authors: null,
      aiSummary: null,
      githubStars: null,
      comments: null,
      countsAsOf: null,
      thumbnail: null,
      source: { file: LISTING, line: 69 },
    });
  });

  it('reads a yearless date with upvotes ("May 13 2") under an organization, with a code link', () => {
    expect(described(byTitle('EndPrompt'))).toEqual({
      key: '2605.14589',
      arxivId: '2605.14589',
      title: 'EndPrompt: Efficient Long-Context Extension via Terminal Anchoring',
      abstract: { length: 1856, start: 'Extending the context window of large language mod', end: 'ilable at https://github.com/clx1415926/EndPrompt.' },
      publishedAt: '2026-05-13',
      listedOn: null,
      upvotes: 2,
      organization: { id: 'baidu', name: 'BAIDU' },
      authorCount: null,
      links: [{ url: 'https://github.com/clx1415926/EndPrompt', kind: 'code' }],
      keywords: [],
      authors: null,
      aiSummary: null,
      githubStars: null,
      comments: null,
      countsAsOf: null,
      thumbnail: null,
      source: { file: LISTING, line: 289 },
    });
  });

  it('classifies links: dataset hubs, project pages, and URLs glued to LaTeX', () => {
    expect(byTitle('DenseStep2M').links).toEqual([{ url: 'https://huggingface.co/datasets/mingjige/DenseStep2M', kind: 'dataset' }]);
    expect(byTitle('Test-Time Training Done Right').links).toEqual([{ url: 'https://tianyuanzhang.com/projects/ttt-done-right', kind: 'project' }]);
    expect(byTitle('L-Eval').links).toEqual([{ url: 'https://github.com/OpenLMLab/LEval', kind: 'code' }]);
    expect(byTitle('A Comprehensive Survey on Long Context').links).toEqual([
      { url: 'https://github.com/LCLM-Horizon/A-Comprehensive-Survey-For-Long-Context-Language-Modeling', kind: 'code' },
    ]);
  });

  it('dates every yearless seed paper in 2026 and keeps written-out years', () => {
    const yearless = ['Long-Context Aware Upcycling', 'Valley3', 'Context Forcing', 'Many-Shot CoT-ICL', 'EndPrompt', 'InternVideo3', 'DenseStep2M'];
    expect(yearless.map((title) => byTitle(title).publishedAt)).toEqual([
      '2026-04-26',
      '2026-05-05',
      '2026-02-05',
      '2026-05-12',
      '2026-05-13',
      '2026-06-09',
      '2026-04-28',
    ]);
    expect(byTitle('A Little Goes a Long Way').publishedAt).toBe('2024-10-02');
    expect(byTitle('Frozen in Time').publishedAt).toBe('2021-04-01');
  });
});
