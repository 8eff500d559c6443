import { once } from 'node:events';
import WebSocket from 'ws';
import type { FakeDiscord } from '../support/fake-discord.js';

/** Raw HTTP and gateway access to the fake Discord, for testing its rules without discord.js in between. */

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The bot token the raw clients below send (and identify with). */
export const TEST_TOKEN = 'support-test-token';

/**
 * Sends a JSON (or FormData) request to the fake's REST API as the bot, e.g.
 * `call(discord, 'POST', '/channels/1/messages', { content: 'hi' })`; `authorization`
 * replaces the header (null: none).
 */
export async function call(
  discord: FakeDiscord,
  method: string,
  path: string,
  body?: unknown,
  authorization: string | null = `Bot ${TEST_TOKEN}`,
): Promise<ApiAnswer> {
  const headers: Record<string, string> = authorization === null ? {} : { authorization };
  const init: RequestInit =
    body instanceof FormData
      ? { method, body, headers }
      : body === undefined
        ? { method, headers }
        : { method, body: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } };
  const response = await fetch(`${discord.apiUrl}/v10${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** A multipart body as discord.js sends it: `payload_json` and `files[n]`. */
export function multipart(payload: unknown, files: { name: string; bytes: Uint8Array; type?: string }[]): FormData {
  const form = new FormData();
  files.forEach((file, index) => form.append(`files[${index}]`, new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name));
  form.append('payload_json', JSON.stringify(payload));
  return form;
}

/** A gateway connection that identifies with `intents` and keeps every dispatch it receives. */
export async function connectGateway(
  discord: FakeDiscord,
  intents: number,
): Promise<{ dispatches: { t: string; d: Record<string, unknown> }[]; close: () => void }> {
  const socket = new WebSocket(discord.gatewayUrl);
  const dispatches: { t: string; d: Record<string, unknown> }[] = [];
  socket.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as { op: number; t: string; d: Record<string, unknown> };
    if (frame.op === 0) dispatches.push({ t: frame.t, d: frame.d });
  });
  await once(socket, 'open');
  socket.send(JSON.stringify({ op: 2, d: { token: TEST_TOKEN, intents, properties: {}, shard: [0, 1] } }));
  await discord.waitFor(() => (dispatches.some((dispatch) => dispatch.t === 'READY') ? true : undefined));
  return { dispatches, close: () => socket.close() };
}

/** A tiny valid PNG (1×1, red), to check bytes survive the round trip. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
