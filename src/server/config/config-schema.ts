import { isIP } from 'node:net';
import { z } from 'zod';
import { isLoopbackHost } from './loopback';
import { isHostEntry } from '../http/host-allow-list';
import { impactSchema } from '../../contract/hotkey-task';
import { alertsConfigSchema, publicUrlSchema } from '../alerts/alerts-config';
import { roleSchema } from '../../contract/session';

/** Source and instance ids appear in URLs: keep them to a safe, readable alphabet. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use 1-64 letters, digits, "_", "." or "-"')
  .refine((id) => !id.includes('..'), 'must not contain ".."');

const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

const redisUrlSchema = z.string().refine((raw) => {
  try {
    const url = new URL(raw);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'expected redis://host:port or rediss://host:port');

export const redisSourceSchema = z
  .strictObject({
    kind: z.literal('redis'),
    id: idSchema,
    name: z.string().min(1).max(200),
    /** A standalone server. */
    url: redisUrlSchema.optional(),
    /** Seed nodes of a Redis Cluster. */
    nodes: z.array(redisUrlSchema).min(1).max(64).optional(),
    username: z.string().min(1).optional(),
    /** Prefer passwordEnv: the file then holds no secret. */
    password: z.string().min(1).optional(),
    passwordEnv: envNameSchema.optional(),
    tls: z.boolean().optional(),
    /** How many keys an analysis keeps (the top N by freq). */
    topN: z.number().int().min(1).max(10_000).optional(),
    impact: impactSchema.optional(),
    /**
     * How far (ms) an analysis may raise the p99 latency of the server's other clients above what a probe
     * measured just before it (default 1): gentle scans and samplings pace themselves to stay within it.
     */
    latencyBudgetMs: z.number().min(0.05).max(1000).optional(),
    /** Bytes of MONITOR output a sampling analysis takes in before it stops early (default 64 MiB). */
    sampleByteLimit: z
      .number()
      .int()
      .min(64 * 1024)
      .max(1024 * 1024 * 1024)
      .optional(),
  })
  .refine((s) => (s.url === undefined) !== (s.nodes === undefined), {
    message: 'give either "url" (standalone) or "nodes" (cluster), not both',
    path: ['url'],
  })
  .refine((s) => !(s.password !== undefined && s.passwordEnv !== undefined), {
    message: 'give either "password" or "passwordEnv"',
    path: ['password'],
  });
export type RedisSourceConfig = z.infer<typeof redisSourceSchema>;

/** https everywhere; plain http only to loopback (the test contract server). */
export const cloudEndpointSchema = z.string().refine((raw) => {
  try {
    const url = new URL(raw);
    if (url.username || url.password || url.search || url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}, 'expected an https:// URL (http:// only for loopback hosts), without credentials or query');

export const dcsAuthSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('aksk'),
    akEnv: envNameSchema,
    skEnv: envNameSchema,
    securityTokenEnv: envNameSchema.optional(),
  }),
  z.strictObject({
    method: z.literal('password'),
    iamEndpoint: cloudEndpointSchema,
    domain: z.string().min(1),
    user: z.string().min(1),
    passwordEnv: envNameSchema,
  }),
]);

export const dcsSourceSchema = z.strictObject({
  kind: z.literal('dcs'),
  id: idSchema,
  name: z.string().min(1).max(200),
  endpoint: cloudEndpointSchema,
  projectId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'expected a project id'),
  auth: dcsAuthSchema,
});
export type DcsSourceConfig = z.infer<typeof dcsSourceSchema>;

export const sourceConfigSchema = z.discriminatedUnion('kind', [redisSourceSchema, dcsSourceSchema]);
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

const cidrSchema = z.string().refine((raw) => {
  const [address, bits = '', ...rest] = raw.split('/');
  const family = isIP(address ?? '');
  // Number('') is 0: an empty prefix would trust every address.
  const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  return (
    rest.length === 0 && family !== 0 && Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128)
  );
}, 'expected an address range like 10.0.0.5/32');

export const authConfigSchema = z.discriminatedUnion('mode', [
  /** Everyone is an operator: only while the BFF listens on loopback. */
  z.strictObject({ mode: z.literal('none') }),
  z.strictObject({
    mode: z.literal('token'),
    tokens: z
      .array(z.strictObject({ user: z.string().min(1).max(100), role: roleSchema, tokenEnv: envNameSchema }))
      .min(1),
    /** How long a sign-in lasts. */
    sessionHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
  }),
  z.strictObject({
    mode: z.literal('proxy'),
    trustedProxies: z.array(cidrSchema).min(1),
    operatorGroups: z.array(z.string().min(1)).default([]),
  }),
]);
export type AuthConfig = z.infer<typeof authConfigSchema>;

/** K: how many keys of each instance's newest analysis /metrics exports (series = instances x K x 3). */
export const METRICS_TOP_KEYS = { max: 100, default: 10 } as const;

export const metricsConfigSchema = z.strictObject({
  /** Serve /metrics without sign-in, for a scraper on a private network; the Host allow-list still applies. */
  public: z.boolean().default(false),
  topKeys: z.number().int().min(0).max(METRICS_TOP_KEYS.max).default(METRICS_TOP_KEYS.default),
});
export type MetricsConfig = z.infer<typeof metricsConfigSchema>;

/**
 * Where records, schedules, alerts, watches and sessions live: the SQLite file under HOTKEYS_DATA_DIR (one BFF
 * process), or PostgreSQL, which any number of replicas share. The URL (with its password) stays in the
 * environment, named by `urlEnv`.
 */
export const storeConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sqlite') }),
  z.strictObject({
    kind: z.literal('postgres'),
    urlEnv: envNameSchema,
    /** A replica silent this long is taken for dead: its running analyses and watches end as interrupted. */
    replicaTimeoutSeconds: z.number().min(1).max(600).default(15),
  }),
]);
export type StoreConfig = z.infer<typeof storeConfigSchema>;

export const configSchema = z
  .strictObject({
    store: storeConfigSchema.default({ kind: 'sqlite' }),
    auth: authConfigSchema.default({ mode: 'none' }),
    /** Analyses one user may start per minute. */
    startsPerMinute: z.number().int().min(1).max(1000).default(10),
    /** Default number of keys an analysis keeps, per source overridable. */
    topN: z.number().int().min(1).max(10_000).default(100),
    sources: z.array(sourceConfigSchema).max(200),
    /** Hot key alerts: the webhook that receives them. Without it, alerts are recorded but not sent. */
    alerts: alertsConfigSchema.optional(),
    /** The dashboard's address as people reach it, for links in alerts; defaults to the BFF's own URL. */
    publicUrl: publicUrlSchema.optional(),
    /** Host names (`name` or `name:port`) the dashboard is reached by besides HOST's and publicUrl's. */
    allowedHosts: z
      .array(z.string().refine(isHostEntry, 'expected a host name or address, optionally with :port'))
      .max(100)
      .optional(),
    /** `GET /metrics` (Prometheus). */
    metrics: metricsConfigSchema.prefault({}),
  })
  .refine((c) => new Set(c.sources.map((s) => s.id)).size === c.sources.length, {
    message: 'source ids must be unique',
    path: ['sources'],
  });
export type Config = z.infer<typeof configSchema>;
/** What a configuration file holds before defaults are applied. */
export type ConfigInput = z.input<typeof configSchema>;

/** Process environment the BFF reads; secrets stay in the environment and are looked up by name. */
export const serverEnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOTKEYS_CONFIG: z.string().min(1).optional(),
  HOTKEYS_DATA_DIR: z.string().min(1).default('.hotkeys-data'),
});
