import pino from 'pino';

/**
 * Structured log lines (one JSON object per line on stdout). Callers pass facts, never secrets: no URL with
 * credentials, no header values, no tokens. The redaction paths are a second guard for a field that would
 * carry one by mistake.
 */
const SECRET_FIELDS = ['password', 'token', 'secret', 'authorization', 'cookie', 'ak', 'sk'];

const logger = pino(
  {
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]), censor: '[redacted]' },
  },
  // process.stdout looked up at each line, so that a test can capture what the BFF logs in-process.
  { write: (line: string) => process.stdout.write(line) },
);

type Fields = Record<string, unknown>;

/** HOTKEYS_LOG=silent (the tests' setting) is read at each line, like the rest of the environment. */
const enabled = () => process.env.HOTKEYS_LOG !== 'silent';

const at =
  (level: 'info' | 'warn' | 'error') =>
  (msg: string, fields: Fields = {}): void => {
    if (enabled()) logger[level](fields, msg);
  };

export const log = { info: at('info'), warn: at('warn'), error: at('error') };
