import { describe, expect, it } from 'vitest';
import { makePaper as paper } from '../support/make-paper.js';
import { storeEngines } from '../support/store-engines.js';

describe.each(storeEngines())('KnownPaperStore ($name)', (engine) => {
  const temp = engine.use();

  it('remembers papers by identity and reports only the ones it had not seen', async () => {
    const known = temp.stores.known;
    expect((await known.rememberPapers([paper('2611.00001', '2026-11-01'), paper('2611.00002', null)], 'test')).map((p) => p.key)).toEqual([
      '2611.00001',
      '2611.00002',
    ]);
    expect((await known.rememberPapers([paper('2611.00002', null), paper('2611.00003', null)], 'test')).map((p) => p.key)).toEqual(['2611.00003']);
    expect(await known.count()).toBe(3);
    expect(await known.unknownKeys(['2611.00003', '2611.00004'])).toEqual(['2611.00004']);
    expect(await known.rememberKeys(['2611.00004', '2611.00001'], 'test')).toEqual(['2611.00004']);
  });
});
