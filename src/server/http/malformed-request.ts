import { Hono } from 'hono';
import { BFF_ERRORS } from '../../contract/error-codes';
import { noStore, securityHeaders } from './security-headers';

/**
 * What the BFF answers for a request Node's parser or the HTTP adapter cannot even turn into a Request
 * (a raw NUL or a backslash in the path, a bad Host header, a head over 16 KiB): the same JSON error body
 * and headers as every other answer.
 */
const malformed = new Hono();
malformed.use('*', securityHeaders, noStore);
malformed.get('/400', (c) =>
  c.json({ error_code: BFF_ERRORS.badRequest.code, error_msg: 'malformed HTTP request' }, 400),
);
malformed.get('/431', (c) =>
  c.json({ error_code: BFF_ERRORS.headTooLarge.code, error_msg: 'request head larger than 16 KiB' }, 431),
);

export const malformedRequestResponse = (status: 400 | 431 = 400): Response | Promise<Response> =>
  malformed.request(`/${status}`);
