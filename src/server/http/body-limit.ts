import { bodyLimit } from 'hono/body-limit';
import { BFF_ERRORS } from '../../contract/error-codes';

export const MAX_BODY_BYTES = 16 * 1024;

/** Every API body the dashboard takes is a few hundred bytes; anything far larger is refused unread. */
export const requestBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    c.json({ error_code: BFF_ERRORS.bodyTooLarge.code, error_msg: 'request body larger than 16 KiB' }, 413),
});
