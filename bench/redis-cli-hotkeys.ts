import { spawn } from 'node:child_process';

export interface HotkeysRun {
  wallMs: number;
  /** Names as redis-cli prints them (its escaped form, quotes removed), hottest first. */
  top: { name: string; freq: number }[];
}

/** Times `redis-cli --hotkeys`, the peer to beat, and reads its summary. */
export function runRedisCliHotkeys(port: number): Promise<HotkeysRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--hotkeys'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`redis-cli --hotkeys exited with ${code}: ${stderr.trim()}`));
      const top = [...stdout.matchAll(/^hot key found with counter: (\d+)\tkeyname: "(.*)"$/gm)].map((m) => ({
        freq: Number(m[1]),
        name: m[2] ?? '',
      }));
      resolve({ wallMs, top });
    });
  });
}

/**
 * The agreement issue 5 asks for: every key redis-cli ranks strictly above its 16th freq is in the
 * engine's top 16 with the same freq. Returns the keys that break it.
 */
export function disagreements(cli: HotkeysRun['top'], engine: { name: string; freq: number }[]): string[] {
  const cliTop = cli.slice(0, 16);
  const engineTop = engine.slice(0, 16);
  const boundary = cliTop.at(-1)?.freq ?? 0;
  return cliTop
    .filter((k) => k.freq > boundary)
    .filter((k) => !engineTop.some((e) => e.name === k.name && e.freq === k.freq))
    .map((k) => `${k.name} (${k.freq})`);
}
