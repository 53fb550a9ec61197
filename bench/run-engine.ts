import { spawnChild } from './child';
import type { EngineChildRequest, EngineChildResult } from './engine-child';

/**
 * Starts the engine (the code the BFF runs) in a child process and resolves once it has loaded, so
 * that process start-up is neither timed nor seen by the probe; the returned function starts the scan.
 */
export async function startEngine(request: EngineChildRequest): Promise<() => Promise<EngineChildResult>> {
  const child = spawnChild('./engine-child.ts', request);
  await child.printed('ready');
  return () => child.finish<EngineChildResult>();
}
