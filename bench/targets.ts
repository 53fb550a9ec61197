/** One figure a benchmark promises, with its target, and whether it holds. */
export interface Target {
  name: string;
  figure: string;
  target: string;
  holds: boolean;
}

export const ratio = (name: string, value: number, atMost: number): Target => ({
  name,
  figure: `${value.toFixed(2)}x`,
  target: `<= ${atMost}x`,
  holds: value <= atMost,
});

/** A change of latency with its sign: `+0.42 ms`, `-0.10 ms`. */
export const signedMs = (ms: number): string => `${ms >= 0 ? '+' : ''}${ms.toFixed(2)} ms`;

export const rise = (name: string, ms: number, atMost: number): Target => ({
  name,
  figure: signedMs(ms),
  target: `<= +${atMost} ms`,
  holds: ms <= atMost,
});

export const share = (name: string, fraction: number, atMost: number): Target => ({
  name,
  figure: `${(fraction * 100).toFixed(1)}%`,
  target: `<= ${(atMost * 100).toFixed(0)}%`,
  holds: fraction <= atMost,
});

export function printTargets(targets: Target[]): void {
  const width = Math.max(...targets.map((t) => t.name.length));
  process.stdout.write('\ntargets\n');
  for (const t of targets) {
    process.stdout.write(
      `  ${t.name.padEnd(width)}  ${t.figure.padStart(9)}  target ${t.target.padEnd(10)}  ${t.holds ? 'holds' : 'DOES NOT HOLD'}\n`,
    );
  }
}
