import type { InstanceSummary } from '../../../contract/instance-summary';
import { DEFAULT_LFU, LFU_POLICIES } from '../../lfu/estimate-lfu';
import type { InstanceConfigs, InstanceDetails } from './dcs-payloads';

/** cluster and proxy instances shard their keys; single, ha and ha_rw_split hold them on one master. */
export const modeOf = (cacheMode: string | null | undefined): InstanceSummary['mode'] =>
  cacheMode === 'cluster' || cacheMode === 'proxy' ? 'cluster' : 'standalone';

const majorVersion = (version: string | null | undefined): number | undefined => {
  const major = Number.parseInt(version ?? '', 10);
  return Number.isNaN(major) ? undefined : major;
};

/** Whether the instance parameters are worth reading: only a Redis 4+ instance can qualify. */
export function needsConfigs(details: InstanceDetails): boolean {
  const major = majorVersion(details.engine_version);
  return (details.engine ?? 'Redis').toLowerCase() === 'redis' && (major === undefined || major >= 4);
}

const param = (configs: InstanceConfigs, name: string): string | undefined =>
  configs.redis_config.find((p) => p.param_name === name)?.param_value ?? undefined;

/** Every reason an analysis cannot run, in the words an operator acts on. */
function reasonsAgainst(details: InstanceDetails, configs: InstanceConfigs | Error | undefined): string[] {
  const reasons: string[] = [];
  const engine = details.engine ?? 'Redis';
  const major = majorVersion(details.engine_version);
  if (engine.toLowerCase() !== 'redis') reasons.push(`${engine} instances have no hot key analysis (Redis only)`);
  else if (major === undefined) reasons.push('the Redis version of this instance is unknown');
  else if (major < 4) {
    reasons.push(`Redis ${details.engine_version} cannot run hot key analysis: it needs Redis 4.0 or later`);
  }
  if (details.status !== 'RUNNING') {
    reasons.push(`the instance is ${details.status ?? 'in an unknown state'}; analysis needs it RUNNING`);
  }
  if (configs instanceof Error) {
    reasons.push(`maxmemory-policy could not be checked: ${configs.message}`);
  } else if (configs) {
    const policy = param(configs, 'maxmemory-policy');
    if (policy === undefined) reasons.push('its parameters do not show a maxmemory-policy');
    else if (!LFU_POLICIES.has(policy)) {
      reasons.push(
        `maxmemory-policy is ${policy}; hot key analysis needs allkeys-lfu or volatile-lfu ` +
          '(change it in the instance parameters)',
      );
    }
  }
  return reasons;
}

function lfuOf(configs: InstanceConfigs | Error | undefined): InstanceSummary['lfu'] {
  if (!configs || configs instanceof Error) return undefined;
  const logFactor = Number(param(configs, 'lfu-log-factor') ?? Number.NaN);
  const decayTime = Number(param(configs, 'lfu-decay-time') ?? Number.NaN);
  return Number.isFinite(logFactor) && Number.isFinite(decayTime)
    ? { log_factor: logFactor, decay_time: decayTime, known: true }
    : { ...DEFAULT_LFU, known: false };
}

export function summarizeInstance(
  source: InstanceSummary['source'],
  details: InstanceDetails,
  configs: InstanceConfigs | Error | undefined,
): InstanceSummary {
  const mode = modeOf(details.cache_mode);
  const reasons = reasonsAgainst(details, configs);
  const lfu = lfuOf(configs);
  return {
    id: details.instance_id,
    name: details.name,
    source,
    engine: (details.engine ?? 'Redis').toLowerCase(),
    engine_version: details.engine_version ?? null,
    mode,
    // Best effort: DCS states the shard count of cluster instances only.
    shard_count: details.sharding_count ?? (mode === 'standalone' ? 1 : 0),
    status: details.status ?? 'UNKNOWN',
    eligibility: reasons.length === 0 ? { ok: true, reason: null } : { ok: false, reason: reasons.join('; ') },
    ...(lfu ? { lfu } : {}),
  };
}
