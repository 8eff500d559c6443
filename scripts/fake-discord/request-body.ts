/**
 * Reads a request body as Discord does: JSON, or `multipart/form-data` with a `payload_json`
 * part and `files[n]` parts (https://discord.com/developers/docs/reference#uploading-files).
 * Multipart is parsed by Node's own fetch implementation (undici's `Response.formData()`),
 * a maintained, spec-following parser, so no dependency and no hand-written boundary code.
 */

/** One uploaded file, with its bytes as received. */
export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

type ParsedBody = { ok: true; body: unknown; files: UploadedFile[] } | { ok: false };

export async function parseRequestBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { ok: true, body: undefined, files: [] };
  if (contentType?.includes('multipart/form-data')) return parseMultipart(raw, contentType);
  const text = raw.toString('utf8');
  if (!contentType?.includes('application/json')) return { ok: true, body: text, files: [] };
  try {
    return { ok: true, body: JSON.parse(text) as unknown, files: [] };
  } catch {
    return { ok: false };
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { ok: false };
  }
  const body: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const [field, value] of form) {
    if (typeof value !== 'string') {
      files.push({ field, name: value.name, contentType: value.type || 'application/octet-stream', bytes: Buffer.from(await value.arrayBuffer()) });
    } else if (field === 'payload_json') {
      try {
        Object.assign(body, JSON.parse(value));
      } catch {
        return { ok: false };
      }
    } else {
      body[field] = value; // discord.js's appendToFormData: plain fields instead of payload_json
    }
  }
  return { ok: true, body, files };
}
