import { describe, expect, it } from 'vitest';
import { HF_CACHE_TTL_MS } from '../../src/store/hf-paper-cache.js';
import { makePaper as paper } from '../support/make-paper.js';
import { storeEngines } from '../support/store-engines.js';

const DAY = 86_400_000;

describe.each(storeEngines())('HfPaperCache ($name): the Hugging Face lookups of link unfurls', (engine) => {
  const temp = engine.use('each');
  const t0 = Date.parse('2026-11-20T10:00:00Z');

  it('believes a found paper and a 404 for a day, a failure for 5 minutes', async () => {
    const cache = temp.stores.hfPapers;
    await cache.put('2611.00001', { status: 'found', paper: paper('2611.00001', '2026-11-01') }, t0);
    await cache.put('2611.00002', { status: 'missing' }, t0);
    await cache.put('2611.00003', { status: 'failed' }, t0);
    expect(await cache.fresh('2611.00001', t0 + DAY - 1)).toMatchObject({ status: 'found', paper: { key: '2611.00001' } });
    expect(await cache.fresh('2611.00001', t0 + DAY)).toBeUndefined();
    expect(await cache.fresh('2611.00002', t0 + DAY - 1)).toEqual({ status: 'missing' });
    expect(await cache.fresh('2611.00003', t0 + HF_CACHE_TTL_MS.failed - 1)).toEqual({ status: 'failed' });
    expect(await cache.fresh('2611.00003', t0 + HF_CACHE_TTL_MS.failed)).toBeUndefined();
    expect(await cache.fresh('2611.09999', t0)).toBeUndefined();
  });

  it('keeps the last paper found through a later miss, for Save presses on old cards, and forgets rows after 30 days', async () => {
    const cache = temp.stores.hfPapers;
    await cache.put('2611.00001', { status: 'found', paper: paper('2611.00001', '2026-11-01') }, t0);
    await cache.put('2611.00001', { status: 'failed' }, t0 + 2 * DAY);
    expect(await cache.fresh('2611.00001', t0 + 2 * DAY)).toEqual({ status: 'failed' });
    expect((await cache.lastFound('2611.00001'))?.key).toBe('2611.00001');
    expect(await cache.lastFound('2611.00002')).toBeNull();
    await cache.put('2611.00002', { status: 'missing' }, t0 + 33 * DAY);
    expect(await cache.lastFound('2611.00001')).toBeNull();
  });
});
