import type { SeededDatabase } from '../../src/server/local-redis/seed-workload';

/** What the global setup started, handed to the specs through the environment. */
export interface E2EState {
  baseUrl: string;
  seeded: { standalone: SeededDatabase[]; cluster: SeededDatabase[] };
  /** Addresses of the servers, for specs that change the data between two analyses. */
  redisUrls: { standalone: string; cluster: string[]; noLfu: string };
  /** The DCS source's instances on the contract server. */
  dcs: { sourceId: string };
}

export const E2E_STATE_VAR = 'HOTKEYS_E2E_STATE';

export function readE2EState(): E2EState {
  const raw = process.env[E2E_STATE_VAR];
  if (!raw) throw new Error(`${E2E_STATE_VAR} is not set: run the specs through playwright.config.ts`);
  return JSON.parse(raw) as E2EState;
}
