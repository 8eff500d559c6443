import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askQuestion } from '../../src/interactions/ask-question.js';
import { answerQuestion } from '../../src/library/answer-question.js';
import type { Library } from '../../src/library/library.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { chatCompletionsUrl, createAnswerWriter } from '../../src/llm/write-answer.js';
import { commandContext } from '../support/command-context.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, seedLibrary, startLibraryWorker } from '../support/seed-library.js';

const QUESTION = 'How much does HyLo reduce KV-cache memory?';

describe('model-written answers', () => {
  let server: FakeModelServer;
  let library: Library;
  let worker: LibraryClient;
  beforeAll(async () => {
    server = await new FakeModelServer().start();
    library = await seedLibrary();
    worker = await startLibraryWorker();
  });
  afterAll(async () => {
    await worker?.stop();
    await server.stop();
  });

  const writer = (timeoutMs = 2000) => createAnswerWriter({ baseUrl: server.url, model: 'tiny', apiKey: 'sk-local', timeoutMs });

  it('builds the endpoint from a base URL with or without /v1', () => {
    expect(chatCompletionsUrl('http://localhost:11434')).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatCompletionsUrl('http://localhost:8000/v1/')).toBe('http://localhost:8000/v1/chat/completions');
  });

  it('sends the question and the numbered excerpts only, and keeps the [n] citations', async () => {
    server.answerWith('HyLo reduces KV-cache memory by more than 90% [1].');
    const answer = answerQuestion(library, QUESTION, SEED_NOW);
    const written = await writer()(answer);
    expect(written).toEqual({ text: 'HyLo reduces KV-cache memory by more than 90% [1].', citations: [1] });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.authorization).toBe('Bearer sk-local');
    expect(request?.body.model).toBe('tiny');
    expect(request?.body.messages[1]?.content).toContain(`Question: ${QUESTION}`);
    expect(request?.body.messages[1]?.content).toContain(
      '[1] (Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling) HyLo extends usable context length',
    );
  });

  it('shows the model answer with the papers it cites', async () => {
    server.answerWith('More than 90% [1].');
    const payload = await askQuestion(commandContext(worker, { writeAnswer: writer() }), QUESTION);
    expect(payload.embeds[0]).toMatchObject({ title: 'Answer (written by a model from these sources)', description: 'More than 90% \\[1\\].' });
    expect(payload.embeds.slice(1).map((embed) => embed.title)).toEqual(['[1] Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling']);
  });

  it.each([
    ['a citation that is not a source', (s: FakeModelServer) => s.answerWith('It is 90% [1], per [42].'), 'cited sources that do not exist: [42]'],
    ['no citation at all', (s: FakeModelServer) => s.answerWith('It is about 90%.'), 'cites no source'],
    ['an HTTP error', (s: FakeModelServer) => (s.respond = (res) => res.writeHead(503).end()), 'HTTP 503'],
    ['a malformed body', (s: FakeModelServer) => (s.respond = (res) => res.writeHead(200).end('{"nope":1}')), 'not a chat completion'],
    ['an oversized body', (s: FakeModelServer) => (s.respond = (res) => res.writeHead(200).end('x'.repeat(200_000))), 'over 65536 bytes'],
    ['no answer within the timeout', (s: FakeModelServer) => (s.respond = (res) => setTimeout(() => res.writeHead(200).end('{}'), 1500)), 'aborted'],
  ])('rejects %s, and /ask falls back to the extractive answer', async (_case, arrange, reason) => {
    arrange(server);
    const answer = answerQuestion(library, QUESTION, SEED_NOW);
    await expect(writer(300)(answer)).rejects.toThrow(reason);

    const logs = memoryLogger();
    const payload = await askQuestion(commandContext(worker, { writeAnswer: writer(300), log: logs.log }), QUESTION);
    expect(payload.embeds[0]?.title).toBe('From the digest');
    expect(payload.embeds[0]?.description).toContain('more than 90%');
    expect(logs.lines().some((line) => line.msg === 'model answer failed; using the extractive answer')).toBe(true);
  });
});
