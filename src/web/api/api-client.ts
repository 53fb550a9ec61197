import type { z } from 'zod';
import { errorBodySchema, type ErrorBody } from '../../contract/error-body';

/**
 * A failed call to the BFF, with its error body when it sent one. Not the server's `ApiError`, which is what the
 * BFF throws to produce that body.
 */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly body: ErrorBody | null;

  constructor(status: number, body: ErrorBody | null, message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.body = body;
  }

  /** The dashboard server answered but could not reach what sits behind it, or could not be reached. */
  get upstreamDown(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A proxy in front of the BFF may answer with HTML; that is reported as a bad response, not a crash. */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

async function request<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      // The BFF refuses requests without this header, which a cross-site form cannot send.
      headers: { 'X-Requested-With': 'hotkeys', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(0, null, 'The dashboard server cannot be reached.');
  }
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(json);
    const errorBody = parsed.success ? parsed.data : null;
    throw new ApiRequestError(response.status, errorBody, errorBody?.error_msg ?? `HTTP ${response.status}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(
      response.status,
      null,
      `Unexpected response from ${path}: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

export const api = {
  get: <T>(path: string, schema: z.ZodType<T>) => request('GET', path, schema),
  post: <T>(path: string, schema: z.ZodType<T>, body: unknown) => request('POST', path, schema, body),
  put: <T>(path: string, schema: z.ZodType<T>, body: unknown) => request('PUT', path, schema, body),
  delete: <T>(path: string, schema: z.ZodType<T>) => request('DELETE', path, schema),
};
