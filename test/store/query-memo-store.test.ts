import { describe, expect, it } from 'vitest';
import { queryToken, storedQueryMemo } from '../../src/interactions/query-memo.js';
import { storeEngines } from '../support/store-engines.js';

describe.each(storeEngines())('QueryMemoStore ($name)', (engine) => {
  const temp = engine.use();

  it('remembers search queries for page buttons across a reopen', async () => {
    // The memo's token is the query's, and the store keeps it under that token.
    const token = storedQueryMemo(temp.stores.queryMemo).remember('a long query');
    expect(token).toBe(queryToken('a long query'));
    await temp.stores.queryMemo.remember(token, 'a long query', new Date());
    const stores = await temp.reopen();
    expect(await storedQueryMemo(stores.queryMemo).recall(token)).toBe('a long query');
    expect(await storedQueryMemo(stores.queryMemo).recall('0000000000000000')).toBeNull();
  });

  it('keeps every query, however old, until the retention job forgets it (retention.test.ts)', async () => {
    const memo = temp.stores.queryMemo;
    await memo.remember('t1', 'old query', new Date('2026-01-01T00:00:00Z'));
    await memo.remember('t2', 'newer query', new Date('2026-03-01T00:00:00Z'));
    // Before, remembering a query deleted those unused for 90 days; pruning is now the retention job's, with RETENTION_DAYS.
    await memo.remember('t3', 'today', new Date('2026-04-02T00:00:00Z'));
    expect([await memo.recall('t1'), await memo.recall('t2'), await memo.recall('t3')]).toEqual(['old query', 'newer query', 'today']);
    expect(await memo.forgetUnusedSince(new Date('2026-03-01T00:00:00Z'))).toBe(1);
    expect([await memo.recall('t1'), await memo.recall('t2')]).toEqual([null, 'newer query']);
  });
});
