import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFreq, type Task } from '../../contract/hotkey-task';
import { parseConfig } from '../config/load-config';
import { findFreePort } from '../local-redis/free-port';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { RateDriver } from '../sources/redis/sample/rate-driver';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { apiClient } from '../../../test-support/api-client';
import { connect, disconnect, LFU_TEST_ARGS, setFreq, type TestClient } from '../../../test-support/lfu-keyspace';
import {
  type MetricSample,
  parsePrometheusText,
  promtoolCheckMetrics,
  samplesOf,
} from '../../../test-support/prometheus-text';
import { startPrometheus } from '../../../test-support/prometheus-server';
import { rawRequest } from '../../../test-support/raw-http';
import { type SpawnedBff, startBff } from '../../../test-support/spawn-bff';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test-support/webhook-receiver';
import { KEY_LABEL_MAX_CHARS, keyLabel } from './key-label';

const TOKENS = { OPERATOR_TOKEN: 'metrics-operator-token-0123456789', VIEWER_TOKEN: 'metrics-viewer-token-0123456789' };
const TOP_KEYS = 6;
const LONG_PREFIX = `long:${'x'.repeat(KEY_LABEL_MAX_CHARS)}`;
/** Name (or bytes), database and the freq RESTORE gives it; the six hottest are what /metrics exports. */
const LFU_KEYS: { name: string | Buffer; db: number; freq: number }[] = [
  { name: 'orders:hottest', db: 0, freq: 250 },
  { name: 'sessions:hottest', db: 1, freq: 245 },
  { name: `${LONG_PREFIX}:one`, db: 0, freq: 240 },
  { name: `${LONG_PREFIX}:two`, db: 0, freq: 230 },
  { name: Buffer.from([0xff, 0x00, 0x62]), db: 0, freq: 220 },
  { name: 'we"ird\\name\nwith newline', db: 0, freq: 210 },
  ...Array.from({ length: 20 }, (_, i) => ({ name: `cold:${i}`, db: i % 2, freq: 20 + i })),
];

let dir: string;
let lfuServer: RedisServerProcess;
let sampledServer: RedisServerProcess;
let traffic: TestClient;
let webhook: WebhookReceiver;
let bff: SpawnedBff;

const withToken =
  (token: string): typeof fetch =>
  (input, init) =>
    fetch(input, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` },
    });

const scrape = async (token = TOKENS.VIEWER_TOKEN) => {
  const response = await fetch(`${bff.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { response, text, samples: parsePrometheusText(text) };
};

const only = (samples: MetricSample[], name: string, labels: Record<string, string>): number => {
  const found = samplesOf(samples, name, labels);
  expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return found[0]!.value;
};

const seconds = (timestamp: string | null | undefined) => Date.parse(timestamp!) / 1000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-metrics-'));
  [lfuServer, sampledServer, webhook] = await Promise.all([
    startRedisServer({ args: LFU_TEST_ARGS }),
    startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru'] }),
    // The first try fails, the retry a second later is taken.
    startWebhookReceiver([500, 200]),
  ]);
  const admin = await connect(lfuServer.url);
  for (const key of LFU_KEYS) {
    await admin.select(key.db);
    await admin.set(key.name, 'v');
    await setFreq(admin, key.name, key.freq);
  }
  disconnect(admin);
  traffic = await connect(sampledServer.url);
  await traffic.set('rate:busy', 'v');
  await traffic.set('rate:quiet', 'v');
  const nobody = await findFreePort();
  bff = await startBff({
    dir,
    config: {
      auth: {
        mode: 'token',
        tokens: [
          { user: 'olga', role: 'operator', tokenEnv: 'OPERATOR_TOKEN' },
          { user: 'prometheus', role: 'viewer', tokenEnv: 'VIEWER_TOKEN' },
        ],
      },
      metrics: { topKeys: TOP_KEYS },
      alerts: { webhookUrl: webhook.url },
      sources: [
        { kind: 'redis', id: 'lfu', name: 'LFU', url: lfuServer.url },
        { kind: 'redis', id: 'sampled', name: 'Sampled', url: sampledServer.url },
        { kind: 'redis', id: 'down', name: 'Nothing listens', url: `redis://127.0.0.1:${nobody}` },
      ],
    },
    env: TOKENS,
  });
}, 120_000);

afterAll(async () => {
  await bff?.stop();
  disconnect(traffic);
  await Promise.all([lfuServer?.stop(), sampledServer?.stop(), webhook?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /metrics of a running BFF', () => {
  let lfuTask: Task;
  let sampleTask: Task;
  let cancelled: Task;

  it('needs the API sign-in, and the Host allow-list applies', async () => {
    const anonymous = await rawRequest(bff.url, { path: '/metrics' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ error_code: 'HOTKEYS.401' });
    const wrongToken = await rawRequest(bff.url, {
      path: '/metrics',
      headers: { authorization: 'Bearer not-a-token-of-anyone-0000' },
    });
    expect(wrongToken.status).toBe(401);
    const rebound = await rawRequest(bff.url, {
      path: '/metrics',
      headers: { host: `rebound.example:${bff.port}`, authorization: `Bearer ${TOKENS.VIEWER_TOKEN}` },
    });
    expect(rebound.status).toBe(421);
    const { response } = await scrape();
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('runs the analyses whose records it exports', async () => {
    const operator = apiClient(bff.url, withToken(TOKENS.OPERATOR_TOKEN));
    const rule = await operator.call(
      'PUT',
      '/api/instances/lfu/hotkey-alert-rule',
      JSON.stringify({ enabled: true, freq_threshold: 200 }),
    );
    expect(rule.status).toBe(200);
    lfuTask = await operator.waitForTask('lfu', (await operator.startTask('lfu')).id);
    expect(lfuTask.status, lfuTask.failure_reason ?? '').toBe('success');
    expect(lfuTask.keys?.[0]).toMatchObject({ name: 'orders:hottest', db: 0, freq: 250 });

    const driver = new RateDriver(traffic, [
      { key: 'rate:busy', perSecond: 200, command: 'GET' },
      { key: 'rate:quiet', perSecond: 20, command: 'GET' },
    ]);
    driver.start();
    try {
      const created = await operator.startTask('sampled', '{"method":"sample","seconds":2}');
      sampleTask = await operator.waitForTask('sampled', created.id);
    } finally {
      await driver.stop();
    }
    expect(sampleTask.status, sampleTask.failure_reason ?? '').toBe('success');
    expect(sampleTask.keys?.[0]?.name).toBe('rate:busy');

    // A later analysis that failed: the last-analysis gauges tell of it, the top keys stay the successful one's.
    const running = await operator.startTask('sampled', '{"method":"sample","seconds":30}');
    const cancel = await operator.call('POST', `/api/instances/sampled/hotkey-tasks/${running.id}/cancel`);
    expect(cancel.status).toBe(200);
    cancelled = await operator.waitForTask('sampled', running.id);
    expect(cancelled).toMatchObject({ status: 'failed', failure_reason: 'cancelled' });

    await webhook.received(2);
  });

  it('passes promtool check metrics', async () => {
    const { text } = await scrape();
    const check = promtoolCheckMetrics(text);
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  });

  it('exports the newest analysis of each instance with the values of its record', async () => {
    const { samples } = await scrape();
    expect(only(samples, 'hotkeys_last_analysis_success', { instance_id: 'lfu' })).toBe(1);
    expect(only(samples, 'hotkeys_last_analysis_keys', { instance_id: 'lfu' })).toBe(lfuTask.num);
    expect(only(samples, 'hotkeys_last_analysis_end_time_seconds', { instance_id: 'lfu' })).toBe(
      seconds(lfuTask.finished_at),
    );
    expect(only(samples, 'hotkeys_last_analysis_duration_seconds', { instance_id: 'lfu' })).toBe(
      (Date.parse(lfuTask.finished_at!) - Date.parse(lfuTask.started_at!)) / 1000,
    );
    expect(only(samples, 'hotkeys_last_analysis_success', { instance_id: 'sampled' })).toBe(0);
    expect(only(samples, 'hotkeys_last_analysis_end_time_seconds', { instance_id: 'sampled' })).toBe(
      seconds(cancelled.finished_at),
    );
    // No analysis of the unreachable source ever ended: nothing to say about it.
    expect(samplesOf(samples, 'hotkeys_last_analysis_success', { instance_id: 'down' })).toEqual([]);
  });

  it('exports the top K keys with the freq, hits and rate the analysis found, names escaped and bounded', async () => {
    const { samples } = await scrape();
    const freqs = samplesOf(samples, 'hotkeys_top_key_freq', { instance_id: 'lfu' });
    expect(freqs).toHaveLength(TOP_KEYS);
    const expected = lfuTask.keys!.filter(hasFreq).slice(0, TOP_KEYS);
    for (const key of expected) {
      const labels = {
        instance_id: 'lfu',
        db: String(key.db),
        key: keyLabel(key.name),
        ...(key.binary ? { binary: 'true' } : {}),
      };
      expect(only(samples, 'hotkeys_top_key_freq', labels)).toBe(key.freq);
      expect(only(samples, 'hotkeys_top_key_estimated_hits', labels)).toBe(key.lfu_estimate?.hits);
    }
    // The seeded hottest key, as the task found it.
    expect(only(samples, 'hotkeys_top_key_freq', { instance_id: 'lfu', db: '0', key: 'orders:hottest' })).toBe(250);
    expect(only(samples, 'hotkeys_top_key_freq', { instance_id: 'lfu', db: '1', key: 'sessions:hottest' })).toBe(245);
    // Quote, backslash and newline come back as they were; the byte 0xff is its escaped form, flagged.
    expect(only(samples, 'hotkeys_top_key_freq', { instance_id: 'lfu', key: 'we"ird\\name\nwith newline' })).toBe(210);
    expect(only(samples, 'hotkeys_top_key_freq', { instance_id: 'lfu', key: '\\xff\\x00b', binary: 'true' })).toBe(220);
    // Two long names with one prefix: cut, marked, and still two series.
    const long = freqs.filter((s) => s.labels.key!.startsWith('long:'));
    expect(long.map((s) => s.value).sort()).toEqual([230, 240]);
    for (const s of long) {
      expect(s.labels.key).toMatch(/…\[9 more characters, sha256 [0-9a-f]{12}\]$/);
      expect(s.labels.key!.startsWith(LONG_PREFIX.slice(0, KEY_LABEL_MAX_CHARS))).toBe(true);
    }
    expect(new Set(long.map((s) => s.labels.key)).size).toBe(2);
    expect(freqs.some((s) => s.labels.key!.startsWith('cold:'))).toBe(false);

    const busy = sampleTask.keys!.find((k) => k.name === 'rate:busy')!;
    expect(
      only(samples, 'hotkeys_top_key_sampled_accesses_per_second', { instance_id: 'sampled', key: 'rate:busy' }),
    ).toBe(busy.sample?.per_second);
    expect(busy.sample!.per_second).toBeGreaterThan(50);
    // A server without an LFU policy has no freq to export.
    expect(samplesOf(samples, 'hotkeys_top_key_freq', { instance_id: 'sampled' })).toEqual([]);
  });

  it('counts analyses, alert deliveries and requests, and tells which sources answer', async () => {
    const { samples } = await scrape();
    const count = (name: string, labels: Record<string, string>) => only(samples, name, labels);
    expect(count('hotkeys_analyses_started_total', { method: 'lfu', scan_type: 'manual' })).toBe(1);
    expect(count('hotkeys_analyses_finished_total', { method: 'lfu', scan_type: 'manual' })).toBe(1);
    expect(count('hotkeys_analyses_started_total', { method: 'sample', scan_type: 'manual' })).toBe(2);
    expect(count('hotkeys_analyses_finished_total', { method: 'sample', scan_type: 'manual' })).toBe(1);
    expect(count('hotkeys_analyses_failed_total', { method: 'sample', scan_type: 'manual' })).toBe(1);
    expect(count('hotkeys_analyses_failed_total', { method: 'lfu', scan_type: 'auto' })).toBe(0);
    expect(count('hotkeys_alert_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(count('hotkeys_alert_deliveries_total', { outcome: 'failed' })).toBe(0);
    expect(count('hotkeys_alert_delivery_attempt_failures_total', {})).toBe(1);

    expect(count('hotkeys_source_reachable', { source: 'lfu', kind: 'redis' })).toBe(1);
    expect(count('hotkeys_source_reachable', { source: 'sampled', kind: 'redis' })).toBe(1);
    expect(count('hotkeys_source_reachable', { source: 'down', kind: 'redis' })).toBe(0);

    const requests = samplesOf(samples, 'hotkeys_http_requests_total');
    const taskRoute = { method: 'GET', route: '/api/instances/:id/hotkey-tasks/:taskId', status: '200' };
    expect(count('hotkeys_http_requests_total', taskRoute)).toBeGreaterThan(2);
    expect(count('hotkeys_http_requests_total', { method: 'GET', route: '/metrics', status: '401' })).toBe(2);
    expect(count('hotkeys_http_requests_total', { method: 'GET', route: '/metrics', status: '421' })).toBe(1);
    // Route templates, never the ids a path carried.
    for (const id of [lfuTask.id, sampleTask.id, cancelled.id]) {
      expect(requests.some((s) => s.labels.route!.includes(id))).toBe(false);
    }

    expect(count('process_resident_memory_bytes', {})).toBeGreaterThan(10 * 1024 * 1024);
    expect(samplesOf(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('is scraped by a real Prometheus with a bearer token, and every query of the Grafana dashboard answers', async () => {
    const prometheus = await startPrometheus({
      job: 'hotkeys',
      target: `127.0.0.1:${bff.port}`,
      bearerToken: TOKENS.VIEWER_TOKEN,
    });
    try {
      await prometheus.scraped(4);
      const dashboard = JSON.parse(readFileSync('docs/grafana/hotkeys-dashboard.json', 'utf8')) as {
        panels: { title: string; targets?: { expr: string }[] }[];
        templating: { list: { name: string; query: string | { query: string } }[] };
      };
      // Grafana's variables as "all" would expand them; label_values() is what Grafana asks of Prometheus.
      const promql = (expr: string) =>
        expr
          .replaceAll('$job', 'hotkeys')
          .replaceAll('$instance_id', '.*')
          .replaceAll('$__rate_interval', '5s')
          .replace(/^label_values\((.+), (\w+)\)$/, 'count by ($2) ($1)');
      const queries = [
        ...dashboard.templating.list.flatMap((v) => (typeof v.query === 'object' ? [[v.name, v.query.query]] : [])),
        ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => [panel.title, t.expr])),
      ];
      expect(queries.length).toBeGreaterThan(15);
      for (const [where, expr] of queries) {
        const result = await prometheus.query(promql(expr!));
        expect(result.length, `${where}: ${expr}`).toBeGreaterThan(0);
      }

      const hottest = await prometheus.query('hotkeys_top_key_freq{key="orders:hottest"}');
      expect(hottest).toHaveLength(1);
      expect(hottest[0]!.metric).toMatchObject({ job: 'hotkeys', instance_id: 'lfu', db: '0' });
      expect(hottest[0]!.value[1]).toBe('250');
      // Our instance label is not Prometheus's target label, so nothing was renamed on the way in.
      expect(await prometheus.query('count({exported_instance!=""})')).toEqual([]);
      const down = await prometheus.query('hotkeys_source_reachable{source="down"}');
      expect(down[0]?.value[1]).toBe('0');
    } finally {
      await prometheus.stop();
    }
  });
});

describe('metrics.public', () => {
  const PROXY = '127.0.0.2';
  const dashboards: RunningDashboard[] = [];
  const dataDirs: string[] = [];
  const start = async (open: boolean) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-metrics-public-'));
    dataDirs.push(dataDir);
    const dashboard = await startDashboard({
      config: parseConfig(
        { auth: { mode: 'proxy', trustedProxies: [`${PROXY}/32`] }, metrics: { public: open }, sources: [] },
        'test',
      ),
      dataDir,
      host: '127.0.0.1',
      port: 0,
    });
    dashboards.push(dashboard);
    return dashboard;
  };
  afterAll(async () => {
    await Promise.all(dashboards.map((d) => d.close()));
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is off by default: a scraper that bypasses the identity proxy is refused like an API caller', async () => {
    const { url } = await start(false);
    expect((await rawRequest(url, { path: '/metrics' })).status).toBe(401);
    const viaProxy = await rawRequest(url, {
      path: '/metrics',
      headers: { 'x-forwarded-user': 'prometheus' },
      localAddress: PROXY,
    });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.text).toMatch(/^# HELP /m);
  });

  it('serves /metrics without sign-in when set, and nothing else; the Host allow-list still applies', async () => {
    const { url, port } = await start(true);
    const scraped = await rawRequest(url, { path: '/metrics' });
    expect(scraped.status).toBe(200);
    expect(promtoolCheckMetrics(scraped.text)).toEqual({ status: 0, output: '' });
    expect((await rawRequest(url, { path: '/api/instances' })).status).toBe(401);
    expect((await rawRequest(url, { path: '/metrics', headers: { host: `rebound.example:${port}` } })).status).toBe(
      421,
    );
  });
});
