import { test as base } from '@playwright/test';
import { type E2EState, readE2EState } from './e2e-state';

export const INSTANCES = {
  standalone: 'local-standalone',
  cluster: 'local-cluster',
  noLfu: 'local-nolfu',
} as const;

/** Specs get the BFF's address as their baseURL and the seeded facts (hottest key per db or shard). */
export const test = base.extend<{ e2e: E2EState }>({
  // eslint-disable-next-line no-empty-pattern
  e2e: async ({}, use) => use(readE2EState()),
  baseURL: async ({ e2e }, use) => use(e2e.baseUrl),
});

export { expect } from '@playwright/test';
