import { describe, expect, it } from 'vitest';
import { PoliteFetchError, PoliteFetcher, systemClock, type Clock } from '../../src/feed/polite-fetch.js';

/** Virtual time: sleeping moves the clock at once, so hours of backoff take microseconds. */
function virtualClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      now += ms;
    },
  };
}

type Reply = { status: number; headers?: Record<string, string>; body?: string } | Error;

/** A fetch that answers from a script and records when (in virtual time) each request started. */
function scriptedFetch(clock: Clock, replies: Reply[]) {
  const sentAt: number[] = [];
  const headers: Headers[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    sentAt.push(clock.now());
    headers.push(new Headers(init.headers));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    const reply = replies.shift() ?? { status: 200, body: '[]' };
    if (reply instanceof Error) throw reply;
    return new Response(reply.status === 304 ? null : (reply.body ?? ''), { status: reply.status, headers: reply.headers });
  }) as unknown as typeof fetch;
  return { fetchImpl, sentAt, headers, maxInFlight: () => maxInFlight };
}

function setup(replies: Reply[], options: { attempts?: number; maxWaitMs?: number; maxBytes?: number } = {}) {
  const clock = virtualClock();
  const server = scriptedFetch(clock, replies);
  const fetcher = new PoliteFetcher({ clock, fetch: server.fetchImpl, minIntervalMs: 1000, ...options });
  return { clock, server, fetcher };
}

describe('PoliteFetcher', () => {
  it('spaces requests at least minIntervalMs apart, even when they are asked for all at once', async () => {
    const { server, fetcher } = setup([]);
    const answers = await Promise.all([1, 2, 3, 4].map(() => fetcher.get('http://feed/')));
    expect(answers.map((answer) => [answer.status, answer.text])).toEqual(Array(4).fill([200, '[]']));
    expect(server.sentAt).toEqual([0, 1000, 2000, 3000]);
    // One request at a time: the queue never lets two overlap.
    expect(server.maxInFlight()).toBe(1);
    expect(fetcher.requests).toBe(4);
    expect(fetcher.shortestGapMs).toBe(1000);
  });

  it('sends the caller headers and a user agent', async () => {
    const { server, fetcher } = setup([]);
    await fetcher.get('http://feed/', { headers: { 'if-none-match': '"v1"' } });
    expect(server.headers[0]?.get('if-none-match')).toBe('"v1"');
    expect(server.headers[0]?.get('user-agent')).toMatch(/^paper-digest-bot/);
  });

  it('retries 5xx after a doubling backoff: 2 s, 4 s, 8 s', async () => {
    const { server, fetcher } = setup([{ status: 503 }, { status: 502 }, { status: 500 }, { status: 200, body: '[1]' }]);
    expect((await fetcher.get('http://feed/')).text).toBe('[1]');
    expect(server.sentAt).toEqual([0, 2000, 6000, 14000]);
  });

  it('keeps backing off across calls when one gives up, so a caller looping on failures cannot hammer', async () => {
    const { server, fetcher } = setup(Array(6).fill({ status: 503 }), { attempts: 2 });
    for (let call = 0; call < 3; call++) {
      await expect(fetcher.get('http://feed/')).rejects.toMatchObject({ name: 'PoliteFetchError', status: 503, message: 'HTTP 503 (2 attempts)' });
    }
    // Failures 1..5 wait 2, 4, 8, 16, 32 s: the doubling does not restart with each call.
    expect(server.sentAt).toEqual([0, 2000, 6000, 14000, 30000, 62000]);
  });

  it('resets the backoff after a success', async () => {
    const { server, fetcher } = setup([{ status: 503 }, { status: 200 }, { status: 503 }, { status: 200 }]);
    await fetcher.get('http://feed/');
    await fetcher.get('http://feed/');
    // 0 → fail (wait 2 s) → 2000 ok → 3000 (1 s later) fail → again 2 s, not 4 s.
    expect(server.sentAt).toEqual([0, 2000, 3000, 5000]);
  });

  it('honours Retry-After in seconds and as an HTTP-date', async () => {
    const httpDate = new Date(90_000).toUTCString(); // virtual time starts at the epoch
    const { server, fetcher } = setup([
      { status: 429, headers: { 'retry-after': '30' } },
      { status: 429, headers: { 'retry-after': httpDate } },
      { status: 200 },
    ]);
    await fetcher.get('http://feed/');
    expect(server.sentAt).toEqual([0, 30_000, 90_000]);
  });

  it('clamps Retry-After to at least minIntervalMs and at most maxWaitMs', async () => {
    const { server, fetcher } = setup(
      [{ status: 429, headers: { 'retry-after': '0' } }, { status: 503, headers: { 'retry-after': '86400' } }, { status: 200 }],
      { maxWaitMs: 60_000 },
    );
    await fetcher.get('http://feed/');
    // "0" would be a hot loop; a day is not worth waiting for: 1 s floor, 60 s ceiling.
    expect(server.sentAt).toEqual([0, 1000, 61_000]);
  });

  it('falls back to the doubling when Retry-After is garbage', async () => {
    const { server, fetcher } = setup([{ status: 429, headers: { 'retry-after': 'soon' } }, { status: 200 }]);
    await fetcher.get('http://feed/');
    expect(server.sentAt).toEqual([0, 2000]);
  });

  it('retries network failures, and reports the last one', async () => {
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const { server, fetcher } = setup([refused, refused], { attempts: 2 });
    await expect(fetcher.get('http://feed/')).rejects.toMatchObject({ status: null, message: 'ECONNREFUSED (2 attempts)' });
    expect(server.sentAt).toEqual([0, 2000]);
  });

  it('answers 304 and 4xx at once, without retrying', async () => {
    const { server, fetcher } = setup([{ status: 304 }, { status: 404, body: 'not found' }]);
    expect((await fetcher.get('http://feed/')).status).toBe(304);
    const missing = await fetcher.get('http://feed/');
    expect([missing.status, missing.text]).toEqual([404, '']);
    expect(server.sentAt).toEqual([0, 1000]);
  });

  it('refuses a body over the cap without retrying (it would be as big again)', async () => {
    const { server, fetcher } = setup([{ status: 200, body: 'x'.repeat(100) }], { maxBytes: 10 });
    await expect(fetcher.get('http://feed/')).rejects.toBeInstanceOf(PoliteFetchError);
    expect(server.sentAt).toEqual([0]);
  });

  it('times out a request that does not answer', async () => {
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as unknown as typeof fetch;
    const fetcher = new PoliteFetcher({ fetch: hanging, timeoutMs: 50, attempts: 1, clock: virtualClock() });
    await expect(fetcher.get('http://feed/')).rejects.toMatchObject({ message: 'no complete answer within 50 ms (1 attempt)' });
  });

  it('stops waiting when the caller aborts', async () => {
    const { server, fetcher } = setup([{ status: 503 }]);
    await fetcher.get('http://feed/');
    const abort = new AbortController();
    abort.abort(new Error('stopping'));
    await expect(fetcher.get('http://feed/', { signal: abort.signal })).rejects.toThrow('stopping');
    // The 503 and its retry; nothing after the abort.
    expect(server.sentAt).toEqual([0, 2000]);
  });

  it("rejects with the signal's reason itself when the caller aborts a wait on the real clock", async () => {
    // timers/promises alone rejects with an AbortError whose cause is the reason; callers
    // (and the doc comment) expect the reason, as when the signal aborts during a request.
    const reason = new Error('stopping');
    const early = new AbortController();
    early.abort(reason);
    await expect(systemClock.sleep(10_000, early.signal)).rejects.toBe(reason);

    const fetchImpl = (async () => new Response('[]')) as unknown as typeof fetch;
    const fetcher = new PoliteFetcher({ fetch: fetchImpl, minIntervalMs: 10_000 });
    await fetcher.get('http://feed/');
    const abort = new AbortController();
    const second = fetcher.get('http://feed/', { signal: abort.signal });
    setTimeout(() => abort.abort(reason), 20);
    const started = Date.now();
    // The second request waits 10 s for its turn; the abort ends the wait at once.
    await expect(second).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fetcher.requests).toBe(1);
  });
});
