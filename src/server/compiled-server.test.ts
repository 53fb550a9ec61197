import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../scripts/build-server';
import { findFreePort } from './local-redis/free-port';
import { type RedisServerProcess, startRedisServer } from './local-redis/redis-server-process';
import { parsePrometheusText, samplesOf } from '../../test-support/prometheus-text';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** `@hono/node-server/conninfo` -> `@hono/node-server`, `hono/cookie` -> `hono`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

// Under the repository, so that the bundle's package imports resolve from its node_modules like dist/'s.
mkdirSync('node_modules/.cache', { recursive: true });
const outDir = mkdtempSync(join('node_modules/.cache', 'compiled-server-'));
const outfile = join(outDir, 'main.js');
let externals: string[];
let redis: RedisServerProcess;
let child: ChildProcess | undefined;

beforeAll(async () => {
  const metafile = await buildServer(outfile);
  // The bundle and its probe thread's file beside it.
  expect(Object.keys(metafile.outputs)).toEqual(
    expect.arrayContaining([
      relative(process.cwd(), outfile),
      relative(process.cwd(), join(outDir, 'probe-worker.js')),
    ]),
  );
  const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);
  externals = [...new Set(imports.filter((i) => i.external).map((i) => i.path))];
  redis = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu'] });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  }
  await redis?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

describe('the compiled BFF (npm run build, npm start)', () => {
  it('imports only Node built-ins and production dependencies: no tsx, no TypeScript at run time', () => {
    expect(externals.length).toBeGreaterThan(5);
    const builtins = new Set(builtinModules);
    for (const specifier of externals) {
      if (specifier.startsWith('node:')) {
        expect(builtins.has(specifier.slice(5)), specifier).toBe(true);
        continue;
      }
      expect(Object.keys(packageJson.dependencies), specifier).toContain(packageOf(specifier));
    }
    for (const tool of ['tsx', 'typescript', 'esbuild', 'vite']) {
      expect(packageJson.devDependencies[tool], tool).toBeDefined();
      expect(packageJson.dependencies[tool], tool).toBeUndefined();
    }
  });

  it('starts with plain node, serves health and metrics, and analyses a real server', async () => {
    const dir = join(outDir, 'run');
    mkdirSync(dir);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ sources: [{ kind: 'redis', id: 'r', name: 'R', url: redis.url }] }));
    const port = await findFreePort();
    child = spawn(process.execPath, [outfile], {
      env: { ...process.env, HOTKEYS_CONFIG: config, HOTKEYS_DATA_DIR: join(dir, 'data'), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      expect(child.exitCode, output).toBeNull();
      const health = await fetch(`${url}/api/health`).catch(() => undefined);
      if (health?.ok) {
        expect(await health.json()).toMatchObject({ status: 'ok', sources: [{ id: 'r', reachable: true }] });
        break;
      }
      if (Date.now() > deadline) throw new Error(`the compiled BFF did not answer: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    const headers = { 'content-type': 'application/json', 'x-requested-with': 'test' };
    const created = await fetch(`${url}/api/instances/r/hotkey-tasks`, { method: 'POST', headers, body: '{}' });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    for (;;) {
      const task = (await (await fetch(`${url}/api/instances/r/hotkey-tasks/${id}`)).json()) as { status: string };
      if (task.status === 'success' || task.status === 'failed') {
        expect(task.status).toBe('success');
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const samples = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
    expect(samplesOf(samples, 'hotkeys_last_analysis_success', { instance_id: 'r' })[0]?.value).toBe(1);
    expect(
      samplesOf(samples, 'hotkeys_analyses_finished_total', { method: 'lfu', scan_type: 'manual' })[0]?.value,
    ).toBe(1);
  });
});
