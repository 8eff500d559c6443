import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryWatch, MEMORY_CHECK_EVERY_MS, startMemoryWatch, type DigestSize } from '../../src/health/memory-watch.js';
import { memoryLogger } from '../support/memory-log.js';

const MB = 1024 * 1024;
const MINUTE = 60_000;

/** A watch over a memory reading and a clock the test sets; `warnings()` are the warn lines logged so far. */
function watched(limitMb: number, digest: DigestSize = { indexed: 12_715, total: 12_715, loading: false }) {
  const logs = memoryLogger();
  const state = { rssMb: 0, now: 0 };
  const watch = createMemoryWatch({ limitMb, readRssBytes: () => state.rssMb * MB, papers: () => digest, log: logs.log, now: () => state.now });
  /** One check `minutes` after the last, with RSS at `rssMb`. */
  const checkAt = (rssMb: number, minutes = 0.5) => {
    state.rssMb = rssMb;
    state.now += minutes * MINUTE;
    return watch.check();
  };
  const warnings = () => logs.lines().filter((line) => line.level === 40);
  return { checkAt, warnings, logs };
}

describe('createMemoryWatch', () => {
  it('warns once when RSS goes over the limit, not again while it stays over, and again when it has dropped below and crosses again', () => {
    const { checkAt, warnings } = watched(1536);
    expect(checkAt(900).warned).toBe(false);
    expect(checkAt(1536)).toEqual({ rssMb: 1536, over: false, warned: false }); // at the limit is not over it
    expect(checkAt(1700)).toEqual({ rssMb: 1700, over: true, warned: true });
    for (let i = 0; i < 20; i++) expect(checkAt(1700 + i).warned).toBe(false); // ten minutes of checks every 30 s
    expect(warnings()).toHaveLength(1);

    expect(checkAt(1000).over).toBe(false);
    expect(checkAt(1800).warned).toBe(true);
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]).toMatchObject({ rssMb: 1800, limitMb: 1536, papers: 12_715 });
  });

  it('names the RSS, the limit, the digest size and what to do', () => {
    const { checkAt, warnings } = watched(1536);
    checkAt(1700);
    const [warning] = warnings();
    expect(warning).toMatchObject({ rssMb: 1700, limitMb: 1536, papers: 12_715, papersTotal: 12_715, loading: false });
    const msg = String(warning?.msg);
    expect(msg).toContain('RSS 1,700 MB');
    expect(msg).toContain('limit 1,536 MB');
    expect(msg).toContain('12,715 papers indexed');
    expect(msg).toContain('raise MEMORY_LIMIT_MB');
    expect(msg).toContain('give the machine more memory');
    expect(msg).toContain('keep fewer papers: move old files (such as feed/ days) out of DIGEST_DIR and reload it (kill -HUP <pid>, or restart)');
  });

  it('says how far the digest got when it is still loading', () => {
    const { checkAt, warnings } = watched(500, { indexed: 4887, total: 12_715, loading: true });
    checkAt(900);
    expect(String(warnings()[0]?.msg)).toContain('4,887 of 12,715 papers indexed so far');
    expect(warnings()[0]).toMatchObject({ papers: 4887, papersTotal: 12_715, loading: true });
  });

  it('reminds at most once an hour while RSS stays over the limit', () => {
    const { checkAt, warnings } = watched(1000);
    checkAt(1200);
    expect(checkAt(1200, 59).warned).toBe(false);
    expect(checkAt(1200, 1).warned).toBe(true); // an hour after the first warning
    expect(checkAt(1200, 30).warned).toBe(false);
    expect(warnings()).toHaveLength(2);
  });

  it('does not warn again when RSS only hovers around the limit: a spell ends below 90% of it', () => {
    const { checkAt, warnings, logs } = watched(1000);
    checkAt(1010);
    for (let i = 0; i < 10; i++) {
      checkAt(990);
      checkAt(1010);
    }
    expect(warnings()).toHaveLength(1);
    expect(logs.lines().some((line) => line.msg === 'memory back under MEMORY_LIMIT_MB')).toBe(false);
    checkAt(850);
    expect(logs.lines().at(-1)).toMatchObject({ level: 30, msg: 'memory back under MEMORY_LIMIT_MB', rssMb: 850, limitMb: 1000 });
    expect(checkAt(1010).warned).toBe(true);
    expect(warnings()).toHaveLength(2);
  });

  it('logs nothing while RSS stays under the limit', () => {
    const { checkAt, logs } = watched(1000);
    for (let i = 0; i < 10; i++) checkAt(100 * i);
    expect(logs.lines()).toEqual([]);
  });
});

describe('startMemoryWatch', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks every 30 s until stopped; a failed read is logged, not thrown', () => {
    vi.useFakeTimers();
    const logs = memoryLogger();
    let checks = 0;
    const running = startMemoryWatch(
      {
        check: () => {
          checks++;
          if (checks === 2) throw new Error('EMFILE');
          return { rssMb: 1, over: false, warned: false };
        },
      },
      logs.log,
    );
    expect(MEMORY_CHECK_EVERY_MS).toBe(30_000);
    vi.advanceTimersByTime(29_999);
    expect(checks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(checks).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(checks).toBe(3);
    expect(logs.lines()).toMatchObject([{ level: 50, msg: 'could not read the memory in use', err: { message: 'EMFILE' } }]);
    running.stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(checks).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer that keeps the process alive', () => {
    const refTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = refTimers();
    const running = startMemoryWatch({ check: () => ({ rssMb: 1, over: false, warned: false }) }, memoryLogger().log);
    try {
      expect(refTimers()).toBe(before);
    } finally {
      running.stop();
    }
  });
});
