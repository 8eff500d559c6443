import { REST, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../src/store/outbox-store.js';
import { createAnnouncementPoster } from '../../src/discord/post-announcement.js';
import { createPaperThreadPoster } from '../../src/discord/post-paper-thread.js';
import { CHANNEL_ID, FakeDiscord, OTHER_CHANNEL_ID } from '../support/fake-discord.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';

const LONG_TITLE = 'Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling of Extremely Long Sequence Models in Practice';
const batch = (id: number, channelId: string, key: string, progress: unknown = null): Batch => ({
  id,
  kind: 'paper-thread',
  channelId,
  nonce: `bnonce${id}`,
  attempts: 0,
  papers: [makePaper(key, '2026-11-20', LONG_TITLE)],
  payload: null,
  progress,
});

describe('the paper-thread poster, against the fake Discord through discord.js REST', () => {
  let discord: FakeDiscord;
  let rest: REST;
  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken('poster-test-token.abcdefghijklmnop');
  });
  afterEach(async () => {
    await discord.stop();
  });

  it('posts the paper with the batch nonce, saves the message id, then opens a week-long thread named after the paper', async () => {
    const saved: unknown[] = [];
    const post = createPaperThreadPoster(memoryLogger().log, () => new Date('2026-11-27T12:00:00Z'));
    const messageId = await post(rest, batch(1, CHANNEL_ID, '2611.00001'), async (progress) => {
      saved.push(progress);
    });
    expect(discord.channelMessages.map((m) => [m.id, m.body.nonce, m.body.enforce_nonce, m.body.content])).toEqual([
      [messageId, 'bnonce1', true, '📰 New paper · Nov 27 · discuss it in the thread'],
    ]);
    expect(saved).toEqual([{ messageId }]);
    expect(discord.threads).toEqual([
      {
        id: messageId,
        parentId: CHANNEL_ID,
        messageId,
        name: 'Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling of Extremely Long Sequence…',
        autoArchiveDuration: 10080,
      },
    ]);
    expect(discord.rejections).toEqual([]);
  });

  it('on a retry with the message id saved, only opens the thread; once the thread exists (160004), counts it done', async () => {
    const post = createPaperThreadPoster(memoryLogger().log);
    // The message went out and its id was saved; then the process died before the thread.
    const { id: first } = (await rest.post(Routes.channelMessages(CHANNEL_ID), { body: { content: 'the announced paper' } })) as { id: string };
    expect(await post(rest, batch(1, CHANNEL_ID, '2611.00001', { messageId: first }), async () => {})).toBe(first);
    expect(discord.threads.map((thread) => thread.messageId)).toEqual([first]);
    // The process died after the thread: Discord says it exists, which is success.
    expect(await post(rest, batch(1, CHANNEL_ID, '2611.00001', { messageId: first }), async () => {})).toBe(first);
    expect(discord.channelMessages).toHaveLength(1);
    expect(discord.threads).toHaveLength(1);
    expect(discord.rejections.map((r) => r.code)).toEqual([160004]);
  });

  it('once the message is posted, any refused thread (4xx) leaves the batch sent, never parked, and says why once per channel and code', async () => {
    const logs = memoryLogger();
    const poster = createPaperThreadPoster(logs.log);
    const post = createAnnouncementPoster(rest, () => new Date(), { 'paper-thread': poster });
    // A channel that is itself a thread: Discord refuses a thread in it (400 50024), after the message went out.
    const { id: threadChannel } = (await rest.post(Routes.threads(CHANNEL_ID, discord.userMessage('a discussion')), { body: { name: 'talk' } })) as {
      id: string;
    };
    const first = await post(batch(1, threadChannel, '2611.00001'), async () => {});
    const second = await post(batch(2, threadChannel, '2611.00002'), async () => {});
    expect(discord.channelMessages.map((m) => [m.id, m.channelId])).toEqual([
      [first, threadChannel],
      [second, threadChannel],
    ]);
    // The channel is deleted between the message and its thread (404 10003).
    discord.onChannelPostAccepted = (message) => void discord.store.channels.delete(message.channelId);
    const third = await post(batch(3, OTHER_CHANNEL_ID, '2611.00003'), async () => {});
    expect(discord.channelMessages.at(-1)?.id).toBe(third);
    const warnings = logs.lines().filter((line) => line.level === 40);
    expect(warnings.map((line) => [line.channel, line.reason])).toEqual([
      [threadChannel, '400 50024: Cannot execute action on this channel type'],
      [OTHER_CHANNEL_ID, '404 10003: Unknown Channel'],
    ]);
  });

  it('retries a thread Discord failed to open (5xx) with the saved message id: one message, one thread', async () => {
    const post = createAnnouncementPoster(rest, () => new Date(), { 'paper-thread': createPaperThreadPoster(memoryLogger().log) });
    const saved: unknown[] = [];
    discord.failThreadStarts = { count: 1, status: 500 };
    const failure = await post(batch(1, CHANNEL_ID, '2611.00001'), async (progress) => {
      saved.push(progress);
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DeliveryError', failure: 'retry' });
    expect(saved).toEqual([{ messageId: discord.channelMessages[0]?.id }]);
    const messageId = await post(batch(1, CHANNEL_ID, '2611.00001', saved[0]), async () => {});
    expect(discord.channelMessages.map((m) => m.id)).toEqual([messageId]);
    expect(discord.threads.map((thread) => thread.messageId)).toEqual([messageId]);
  });

  it('without permission to open threads, keeps the paper announced and says why once per channel', async () => {
    discord.threadsForbiddenIn.add(OTHER_CHANNEL_ID);
    const logs = memoryLogger();
    const post = createPaperThreadPoster(logs.log);
    await post(rest, batch(1, OTHER_CHANNEL_ID, '2611.00001'), async () => {});
    await post(rest, batch(2, OTHER_CHANNEL_ID, '2611.00002'), async () => {});
    await post(rest, batch(3, CHANNEL_ID, '2611.00003'), async () => {});
    expect(discord.channelMessages.map((m) => m.channelId)).toEqual([OTHER_CHANNEL_ID, OTHER_CHANNEL_ID, CHANNEL_ID]);
    expect(discord.threads.map((t) => t.parentId)).toEqual([CHANNEL_ID]);
    const warnings = logs.lines().filter((line) => line.level === 40);
    expect(warnings.map((line) => [line.msg, line.channel, line.reason])).toEqual([
      ['cannot open threads in this channel: papers are announced there without threads', OTHER_CHANNEL_ID, '403 50013: Missing Permissions'],
    ]);
  });
});
