import { beforeAll, describe, expect, it } from 'vitest';
import { Library, SCAN_TITLES_FROM } from '../../src/library/library.js';
import { TitleIndex } from '../../src/library/title-index.js';
import { makePaper } from '../support/make-paper.js';

const day = (n: number) => new Date(Date.UTC(1970, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

describe('TitleIndex.containing', () => {
  const titles = new TitleIndex();
  const add = (key: string, title: string) => titles.add(makePaper(key, null, title));
  add('a', 'Long Context Models');
  add('b', 'Longer contexts, shorter prompts');
  add('c', 'Belong to the context');
  add('d', 'Video models');
  const order = ['d', 'c', 'b', 'a'];

  it('keeps titles holding every word, the last as the start of a word, in the order given', () => {
    expect(titles.containing('long', 5, order, 100)).toEqual(['b', 'a']);
    expect(titles.containing('long context', 5, order, 100)).toEqual(['a']);
    expect(titles.containing('Long-Cont', 5, order, 100)).toEqual(['a']);
    // In any order; "long" inside "belong" is not the start of a word; "context" is whole, not "contexts".
    expect(titles.containing('context long', 5, order, 100)).toEqual(['a']);
    expect(titles.containing('contexts', 5, order, 100)).toEqual(['b']);
    expect(titles.containing('  ', 5, order, 100)).toEqual([]);
  });

  it('stops at count and reads at most limit titles', () => {
    expect(titles.containing('mod', 1, order, 100)).toEqual(['d']);
    expect(titles.containing('long', 5, order, 2)).toEqual([]);
    expect(titles.containing('long', 5, order, 3)).toEqual(['b']);
  });
});

describe('autocomplete in a large digest', () => {
  let library: Library;
  beforeAll(() => {
    // Every third paper is about long context (a common word, as "long" is in 100,000 real-style
    // papers); one old paper is the only "Zebrafish" one. Papers are a day apart, the last newest.
    const papers = Array.from({ length: SCAN_TITLES_FROM }, (_, n) =>
      makePaper(`p${n}`, day(n), n === 10 ? 'Zebrafish long context' : n % 3 === 0 ? `A study of long context ${n}` : `Other paper ${n}`),
    );
    library = new Library(papers);
  }, 60_000);

  it('lists the newest titles holding a common word, read newest first', () => {
    // No title starts with "long", so none comes first by its start. The newest paper is p19999
    // (19999 % 3 = 1); the newest holding "long" are p19998, p19995, …
    expect(library.suggestTitles('long', 3).map((paper) => paper.key)).toEqual(['p19998', 'p19995', 'p19992']);
    expect(library.suggestTitles('long cont', 2).map((paper) => paper.key)).toEqual(['p19998', 'p19995']);
  });

  it('still searches, with typos, for what the newest titles do not hold', () => {
    // The newest titles hold no "zebrafsh" (the scan reads words as written): the search finds p10 with a typo.
    expect(library.suggestTitles('zebrafsh', 3).map((paper) => paper.key)).toEqual(['p10']);
  });

  it('below that size, ranks by the search alone (the shortest title holding the words first)', () => {
    const small = new Library([makePaper('old', day(0), 'Long context'), makePaper('new', day(5), 'Long context study with many more words')]);
    expect(small.size).toBeLessThan(SCAN_TITLES_FROM);
    expect(small.suggestTitles('long', 2).map((paper) => paper.key)).toEqual(['old', 'new']);
  });
});
