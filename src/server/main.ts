import { resolve } from 'node:path';
import { type Config, serverEnvSchema } from './config/config-schema';
import { ConfigError, describeIssues, loadConfigFile, parseConfig } from './config/load-config';
import { DEMO_DEFAULTS } from './embedded/demo-workload';
import { startEmbeddedSources } from './embedded/start-embedded-sources';
import { log } from './log';
import { assertCanListen } from './port-check';
import { startDashboard } from './start-dashboard';

/** `npm start`: the configured sources, or with no HOTKEYS_CONFIG local redis-server processes. */
async function main(): Promise<void> {
  const parsedEnv = serverEnvSchema.safeParse(process.env);
  if (!parsedEnv.success) throw new ConfigError(`invalid environment: ${describeIssues(parsedEnv.error)}`);
  const env = parsedEnv.data;
  await assertCanListen(env.HOST, env.PORT);

  let config: Config;
  let stopEmbedded = async () => {};
  if (env.HOTKEYS_CONFIG) {
    config = loadConfigFile(env.HOTKEYS_CONFIG);
  } else {
    process.stdout.write('No HOTKEYS_CONFIG: starting local redis-server processes with a sample workload...\n');
    const embedded = await startEmbeddedSources();
    process.stdout.write(
      `A light workload keeps them busy: about ${DEMO_DEFAULTS.rate.toLocaleString('en-US')} commands/s, skewed reads and some writes; ` +
        `the hot key of each database and shard moves every ${DEMO_DEFAULTS.moveEveryMs / 60_000} minutes.\n`,
    );
    stopEmbedded = embedded.stop;
    config = parseConfig({ sources: embedded.sources }, 'the embedded default');
  }

  let dashboard;
  try {
    dashboard = await startDashboard({
      config,
      host: env.HOST,
      port: env.PORT,
      dataDir: resolve(env.HOTKEYS_DATA_DIR),
      staticDir: resolve('dist/web'),
    });
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
  log.info('dashboard listening', { url: dashboard.url, sources: config.sources.map((s) => s.id) });
  process.stdout.write(`\nHot key dashboard: ${dashboard.url}\n(Ctrl-C stops it and everything it started)\n\n`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await dashboard.close();
    await stopEmbedded();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`hotkeys: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
