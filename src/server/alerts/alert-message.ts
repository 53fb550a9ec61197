import type { KeyWithFreq, LfuEstimate, Task } from '../../contract/hotkey-task';
import { DEFAULT_LFU } from '../lfu/estimate-lfu';

/** A key above the threshold, its freq read by `explainFreq`. */
export type ExplainedKey = KeyWithFreq & { lfu_estimate: LfuEstimate };

/** Keys listed in one message; the total is always given, the task link has the rest. */
export const MAX_KEYS_PER_MESSAGE = 50;

export interface AlertMessageInput {
  instance: { id: string; name: string };
  /** Explained: `lfu` names the parameters the estimates were read with. */
  task: Task;
  rule: { freq_threshold: number; key_pattern: string | null };
  /** Hottest first. */
  keys: ExplainedKey[];
  taskUrl: string;
}

const rate = (perSecond: number): string =>
  perSecond >= 10 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;

/**
 * The JSON the webhook receives. `text` is a one-line summary, so chat webhooks (Slack, Mattermost, Teams
 * connectors) show something readable without a template; the structured fields are for everyone else.
 */
export function buildAlertMessage({ instance, task, rule, keys, taskUrl }: AlertMessageInput) {
  const hottest = keys[0]!;
  const lfu = task.lfu ?? DEFAULT_LFU;
  const scope = rule.key_pattern ? ` matching ${rule.key_pattern}` : '';
  const many = keys.length === 1 ? 'key' : 'keys';
  return {
    type: 'hotkeys.alert',
    text:
      `Hot keys on ${instance.name}: ${keys.length} ${many}${scope} above freq ${rule.freq_threshold}; ` +
      `hottest ${hottest.name} at freq ${hottest.freq} (at least ~${rate(hottest.lfu_estimate.per_second_floor)}). ${taskUrl}`,
    instance: { id: instance.id, name: instance.name },
    task: {
      id: task.id,
      scan_type: task.scan_type,
      finished_at: task.finished_at ?? null,
      url: taskUrl,
    },
    rule: { freq_threshold: rule.freq_threshold, key_pattern: rule.key_pattern },
    keys_total: keys.length,
    keys: keys.slice(0, MAX_KEYS_PER_MESSAGE).map((key) => ({
      name: key.name,
      type: key.type,
      db: key.db,
      shard: key.shard ?? null,
      freq: key.freq,
      estimate: key.lfu_estimate,
    })),
    estimate_reading:
      'freq is the Redis LFU counter (logarithmic). estimate.per_second_floor reads it as the steady rate under ' +
      `decay (lfu-log-factor ${lfu.log_factor}, lfu-decay-time ${lfu.decay_time} min); ` +
      'estimate.hits as accesses since the key was created, without decay. at_ceiling: the counter is saturated.',
  };
}
export type AlertMessage = ReturnType<typeof buildAlertMessage>;
