/**
 * Reads a fetch response body as UTF-8, refusing more than `maxBytes` (checked against
 * Content-Length first, then while streaming), so a hostile or broken server cannot make
 * the bot buffer an unbounded body.
 */
export async function readCapped(response: Response, maxBytes: number, what = 'response'): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`${what} is ${declared} bytes, over the ${maxBytes}-byte cap`);
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`${what} over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
