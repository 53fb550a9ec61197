import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { describeIssues } from '../config/load-config';
import { badRequest } from './api-error';

/**
 * The one way a route checks what it is sent: path ids, query and JSON body are parsed with the contract's
 * schemas before the handler runs, so invalid input never reaches a source, Redis or the cloud. A failure
 * is the project's 400, named for what was wrong.
 */
function check<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
  what: string,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw badRequest(`invalid ${what}: ${describeIssues(result.error)}`);
  });
}

export const validParams = <Schema extends z.ZodType>(schema: Schema) => check('param', schema, 'path');
export const validQuery = <Schema extends z.ZodType>(schema: Schema) => check('query', schema, 'query');
export const validJson = <Schema extends z.ZodType>(schema: Schema, what: string) => check('json', schema, what);

/**
 * A state change sent with no body means "the defaults" (`curl -X POST .../hotkey-tasks` starts an LFU
 * analysis), as `{}` would: the body is read once and an empty one is parsed as `{}`.
 */
export const emptyBodyAsEmptyObject = createMiddleware(async (c, next) => {
  // Hono caches bodies as promises, which its type does not say; every later read (the JSON validator's
  // included) takes the body from this cache.
  if ((await readBody(c.req.text())).trim() === '') {
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve('{}');
  }
  await next();
});

/**
 * A client that closes before its body is all sent (fewer bytes than its Content-Length) is a bad request, not
 * the BFF's failure: it must not count as a 500 nor log an error.
 */
async function readBody(text: Promise<string>): Promise<string> {
  try {
    return await text;
  } catch {
    throw badRequest('the request body ended before its declared length');
  }
}
