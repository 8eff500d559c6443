import { errorPaths, type ErrorBody, type RouteResult } from './discord-errors.js';
import type { UploadedFile } from './request-body.js';

/** A request as the fake Discord received it, with a multipart body already split into payload and files. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
  files: UploadedFile[];
}

type Route = (request: RecordedRequest, match: RegExpExecArray) => RouteResult | Promise<RouteResult>;

/** A request Discord refused: what was asked, and Discord's answer. */
export interface Rejection {
  method: string;
  path: string;
  status: number;
  code: number;
  message: string;
  errors?: Record<string, unknown>;
  /** The dotted paths `errors` names, e.g. `data.embeds.0.title`. */
  fields: string[];
  /** The interaction the request was about, when it was an interaction route. */
  interactionId?: string;
  /** The refused payload. */
  body: unknown;
}

/** Routes by method and path pattern; the first match answers. */
export class RouteTable {
  readonly #routes: [string, RegExp, Route][] = [];

  add(method: string, pattern: RegExp, handler: Route): void {
    this.#routes.push([method, pattern, handler]);
  }

  async answer(request: RecordedRequest): Promise<RouteResult> {
    for (const [method, pattern, handler] of this.#routes) {
      const match = method === request.method ? pattern.exec(request.path) : null;
      if (match) return handler(request, match);
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }
}

/** The interaction an interaction route is about, from its id or its token. */
export function interactionOf(path: string): { interactionId?: string } {
  const id = /\/interactions\/(\d+)\//.exec(path)?.[1] ?? /\/webhooks\/\d+\/interaction-token-(\d+)/.exec(path)?.[1];
  return id ? { interactionId: id } : {};
}

/** The record of a refused request. */
export function rejectionOf(request: RecordedRequest, result: RouteResult): Rejection {
  const body = (result.body ?? { code: 0, message: '' }) as ErrorBody;
  return {
    method: request.method,
    path: request.path,
    status: result.status,
    code: body.code,
    message: body.message,
    ...(body.errors ? { errors: body.errors } : {}),
    fields: errorPaths(body.errors),
    ...interactionOf(request.path),
    body: request.body,
  };
}
