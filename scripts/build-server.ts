import { build, type BuildOptions, type Metafile } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the compiled BFF; `npm start` runs it with plain node. */
export const SERVER_OUTFILE = 'dist/server/main.js';

/** The latency probes' thread, which the BFF starts from the file beside its bundle. */
const PROBE_WORKER = { entry: 'src/server/sources/redis/probe/probe-worker.ts', file: 'probe-worker.js' };

/**
 * The BFF as one ES module for Node 20 (and its probe thread as another, beside it): our TypeScript (src/server and src/contract) bundled and stripped of
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
  const [main, worker] = await Promise.all([
    build({ ...serverBuildOptions, outfile, metafile: true }),
    build({
      ...serverBuildOptions,
      entryPoints: [PROBE_WORKER.entry],
      outfile: join(dirname(outfile), PROBE_WORKER.file),
      metafile: true,
    }),
  ]);
  return {
    inputs: { ...main.metafile.inputs, ...worker.metafile.inputs },
    outputs: { ...main.metafile.outputs, ...worker.metafile.outputs },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
