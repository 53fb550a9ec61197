import { spawnSync } from 'node:child_process';

/** One sample line of the Prometheus text format, its label values unescaped. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const UNESCAPE: Record<string, string> = { '\\': '\\', '"': '"', n: '\n' };

/** Reads `name{label="value",...} number` lines; comments and blank lines are skipped. */
export function parsePrometheusText(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) throw new Error(`not a sample line: ${line}`);
    let i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i += 1;
      while (line[i] !== '}') {
        const eq = line.indexOf('="', i);
        const label = line.slice(i, eq);
        let value = '';
        for (i = eq + 2; line[i] !== '"'; i++) {
          if (line[i] === '\\') value += UNESCAPE[line[++i]!] ?? `\\${line[i]}`;
          else value += line[i];
        }
        labels[label] = value;
        i += 1;
        if (line[i] === ',') i += 1;
      }
      i += 1;
    }
    samples.push({ name, labels, value: Number(line.slice(i).trim().split(' ')[0]) });
  }
  return samples;
}

/** The samples of one metric whose labels include all of `labels`. */
export const samplesOf = (samples: MetricSample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** `promtool check metrics` (Debian package `prometheus`) on a scrape: its exit code and what it said. */
export function promtoolCheckMetrics(exposition: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
