import { build, type BuildOptions, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the compiled BFF; `npm start` runs it with plain node. */
export const SERVER_OUTFILE = 'dist/server/main.js';

/**
 * The BFF as one ES module for Node 20: our TypeScript (src/server and src/contract) bundled and stripped of
 * types, every package left to node_modules (`packages: 'external'`). Packages are loaded as published:
 * better-sqlite3 has a native addon, pino starts worker threads from its own files, and none needs our
 * transform. Types are checked by `npm run typecheck`, not here.
 */
export const serverBuildOptions = {
  entryPoints: ['src/server/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
} satisfies BuildOptions;

export async function buildServer(outfile = SERVER_OUTFILE): Promise<Metafile> {
  const result = await build({ ...serverBuildOptions, outfile, metafile: true });
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
