import { describe, expect, it } from 'vitest';
import { digestFileSteps, parseDigestFiles, readDigestTexts } from '../../src/digest/load-digest.js';
import { runPaced, runToEnd, timeSlices, type Pacer } from '../../src/time/pacer.js';
import { SEEDS_DIR } from '../support/seed-library.js';

/** Work written as steps, paced: the same result as run at once, with pauses where the pacer asks for them. */
describe('running work a step at a time', () => {
  function* countTo(n: number): Generator<void, number> {
    let total = 0;
    for (let i = 1; i <= n; i++) {
      total += i;
      yield;
    }
    return total;
  }

  it('runPaced asks the pacer after every step, pauses when told, and returns what the work returns', async () => {
    const asked: number[] = [];
    let pauses = 0;
    // Pauses after every second step.
    const pacer: Pacer = {
      shouldPause: (ranMs) => (asked.push(ranMs), asked.length % 2 === 0),
      pause: async () => {
        pauses += 1;
      },
    };
    expect(await runPaced(countTo(5), pacer)).toBe(15);
    expect(asked).toHaveLength(5);
    expect(pauses).toBe(2);
    expect(runToEnd(countTo(5))).toBe(15);
  });

  it('timeSlices pauses only once its slice has run', () => {
    const pacer = timeSlices(8);
    expect(pacer.shouldPause(7.9)).toBe(false);
    expect(pacer.shouldPause(8)).toBe(true);
  });

  it('reads a digest step by step (a step per daily_papers entry and per file) into what parseDigestFiles reads at once', async () => {
    const { texts: seed } = await readDigestTexts(SEEDS_DIR);
    // The seed (a listing and its arXiv id sidecar) and a daily_papers day of three entries, one bad.
    const day = [1, 2].map((n) => ({ paper: { id: `2501.0000${n}`, title: `Paper ${n}`, summary: 'An abstract.', publishedAt: `2025-01-0${n}T00:00:00Z` } }));
    const texts = new Map([...seed, ['2025-01-02.json', JSON.stringify([...day, { paper: { title: 'no id' } }])]]);
    let steps = 0;
    const counting: Pacer = { shouldPause: () => (steps++, false), pause: () => Promise.resolve() };
    const paced = await runPaced(digestFileSteps(texts), counting);
    // The files as read: the sidecar lists no papers, the listing 58, the day file 2 and one problem.
    expect(paced.files.map(({ file, papers, problems }) => [file, papers, problems])).toEqual([
      ['2025-01-02.json', 2, 1],
      ['arxiv-ids.tsv', 0, 0],
      ['hf-daily-papers-long-context.txt', 58, 0],
    ]);
    expect(paced.papers.filter((paper) => paper.key.startsWith('2501.0000')).map((paper) => paper.title)).toEqual(['Paper 1', 'Paper 2']);
    expect(paced.problems.map((problem) => `${problem.file}: ${problem.message.split(':')[0]}`)).toEqual(['2025-01-02.json: entry 2']);
    // Run at once, the same steps give the same digest.
    expect(parseDigestFiles(texts)).toEqual(paced);
    // Three entries, then a step after each of the three files.
    expect(steps).toBe(3 + 3);
  });
});
