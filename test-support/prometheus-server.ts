import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../src/server/local-redis/free-port';

export interface PrometheusServer {
  url: string;
  /** An instant PromQL query through the HTTP API; throws with Prometheus's error when it refuses it. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Resolves once the target has been scraped `scrapes` times, every one of them up. */
  scraped(scrapes: number): Promise<void>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  job: string;
  /** `host:port` of the BFF. */
  target: string;
  /** The token the scrape sends as `Authorization: Bearer`, from a file as the README shows. */
  bearerToken?: string;
}

/**
 * A real Prometheus (Debian package `prometheus`, /usr/bin/prometheus) scraping one target every second,
 * with its own storage in a temporary directory, on a free port.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hotkeys-prometheus-'));
  const tokenFile = join(dir, 'token');
  if (options.bearerToken) writeFileSync(tokenFile, options.bearerToken);
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: [
      {
        job_name: options.job,
        metrics_path: '/metrics',
        ...(options.bearerToken ? { authorization: { type: 'Bearer', credentials_file: tokenFile } } : {}),
        static_configs: [{ targets: [options.target] }],
      },
    ],
  };
  // JSON is YAML: the configuration file needs no YAML writer.
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const until = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!(await check().catch(() => false))) {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
      if (Date.now() > deadline) throw new Error(`prometheus: ${what} not reached: ${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const query: PrometheusServer['query'] = async (expr) => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success' || body.data?.resultType !== 'vector') {
      throw new Error(`prometheus refused ${expr}: ${body.error ?? body.data?.resultType}`);
    }
    return body.data.result;
  };

  try {
    await until(async () => (await fetch(`${url}/-/ready`)).ok, 'ready');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    query,
    scraped: (scrapes) =>
      until(async () => {
        const [samples] = await query(`count_over_time(up{job="${options.job}"}[5m])`);
        const [ups] = await query(`sum_over_time(up{job="${options.job}"}[5m])`);
        return Number(samples?.value[1]) >= scrapes && samples?.value[1] === ups?.value[1];
      }, `${scrapes} successful scrapes`),
    stop,
  };
}
