import { hasFreq, type KeyRecord } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { StatePanel } from '../../../components/state-panel';
import { formatApprox, formatRate } from '../../../lib/format';
import { ROUGH_BELOW_HITS } from '../freq-estimate';

const REDIS_DEFAULTS = { log_factor: 10, decay_time: 1 };

/** Hits it takes to drive the counter from a new key's 5 to the ceiling 255, per the Redis LFU rule. */
const ceilingHits = (factor: number) => 250 + (factor * 250 * 249) / 2;

/** What freq means, and the two cases where reading it naively misleads: a shared ceiling and guessed parameters. */
export function FreqNotices({ instance, keys }: { instance: InstanceSummary; keys: readonly KeyRecord[] }) {
  if (!keys.some(hasFreq)) return null;
  const lfu = instance.lfu ?? { ...REDIS_DEFAULTS, known: false };
  const atCeiling = keys.filter((key) => key.lfu_estimate?.at_ceiling ?? key.freq === 255).length;
  return (
    <div className="space-y-2 text-sm">
      <details className="rounded border border-slate-200 px-3 py-2 dark:border-slate-700" data-not-in-png="">
        <summary className="cursor-pointer font-medium">What does freq mean?</summary>
        <div className="mt-2 space-y-1 text-slate-700 dark:text-slate-300">
          <p>
            freq is Redis’s LFU counter for the key (OBJECT FREQ), from 0 to 255. It is <strong>logarithmic</strong>:
            each step up needs more hits than the last, so freq 200 is far more than twice as hot as freq 100. A new key
            starts at 5, and the counter drops by one for every{' '}
            {lfu.decay_time === 1 ? 'minute' : `${lfu.decay_time} minutes`} the key is left alone.
          </p>
          <p>
            Next to each freq we show two readings: <em>hits</em>, the accesses it takes to build that counter from a
            new key (true for a key that became hot recently), and <em>at least N/s if still this hot</em>, the steady
            rate that keeps the counter there against its decay. Below about {formatApprox(ROUGH_BELOW_HITS)} hits the
            counter grows at random (100 hits can read anywhere from about 7 to 10), so smaller estimates are marked
            “(rough)”; at 255 the hits are a lower bound, marked “+ (at the ceiling)”.
          </p>
          <p>
            With lfu-log-factor {lfu.log_factor}, the ceiling 255 takes about{' '}
            {formatApprox(ceilingHits(lfu.log_factor))} hits, or about{' '}
            {formatRate((250 * lfu.log_factor + 1) / (lfu.decay_time * 60))} sustained.
          </p>
        </div>
      </details>
      {!lfu.known && (
        <StatePanel tone="warning" title="Estimates assume the Redis defaults">
          The server’s lfu-log-factor and lfu-decay-time could not be read, so the estimates use the defaults (factor{' '}
          {lfu.log_factor}, decay {lfu.decay_time} {lfu.decay_time === 1 ? 'minute' : 'minutes'}). If the server is
          configured differently, the hit and rate estimates are off; the freq values themselves are exact.
        </StatePanel>
      )}
      {atCeiling > 1 && (
        <StatePanel tone="warning" title={`${atCeiling} keys share the ceiling freq 255`}>
          They cannot be ranked against each other by freq: each had at least about{' '}
          {formatApprox(ceilingHits(lfu.log_factor))} hits, or is still read at{' '}
          {formatRate((250 * lfu.log_factor + 1) / (lfu.decay_time * 60))} or more. To rank them, raise lfu-log-factor
          (now {lfu.log_factor}), which raises the ceiling, and analyse again — or sample them directly with MONITOR or
          client-side metrics.
        </StatePanel>
      )}
    </div>
  );
}
