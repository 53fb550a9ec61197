import type { LfuParams, TaskRecord } from '../../contract/hotkey-task';
import type { KeyHistory, KeyHistoryPoint, KeyHistoryQuery } from '../../contract/key-history';
import { estimateLfu, lfuParamsOf } from '../lfu/estimate-lfu';
import { byTime, type KeyHistoryStore, storedKeyName } from './key-history-store';

export interface KeyHistoryInput {
  instanceId: string;
  query: KeyHistoryQuery;
  /** The instance's analysis still under way, if any. */
  active: TaskRecord | undefined;
  /** The instance's LFU parameters now, for records that kept none (cloud tasks); asked at most once. */
  currentLfu: () => Promise<LfuParams | undefined>;
}

/**
 * One key across the finished analyses of an instance: a point for each that listed it, and from the first of
 * those on, the analyses that did not (the key was not in their top N, which says nothing about it being cold).
 */
export async function keyHistory(store: KeyHistoryStore, input: KeyHistoryInput): Promise<KeyHistory> {
  const { instanceId, query } = input;
  const key = storedKeyName(query.db, query.key, query.encoding);
  const readings = byTime(await store.readings(instanceId, key));
  let current: Promise<LfuParams | undefined> | undefined;
  const currentOnce = () => (current ??= input.currentLfu());
  const points: KeyHistoryPoint[] = [];
  for (const reading of readings) {
    const point: KeyHistoryPoint = {
      task_id: reading.task_id,
      at: reading.at,
      method: reading.method,
      scan_type: reading.scan_type,
    };
    if (reading.freq !== null) {
      const lfu = await lfuParamsOf(reading, currentOnce);
      point.freq = reading.freq;
      point.lfu = lfu;
      point.lfu_estimate = estimateLfu(reading.freq, lfu);
    }
    if (reading.sample_per_second !== null) point.sample_per_second = reading.sample_per_second;
    points.push(point);
  }
  const finished = byTime(await store.finished(instanceId));
  const listed = new Set(readings.map((reading) => reading.task_id));
  const from = points[0] ? Date.parse(points[0].at) : undefined;
  const notListed =
    from === undefined
      ? []
      : finished
          .filter((analysis) => Date.parse(analysis.at) >= from && !listed.has(analysis.task_id))
          .map(({ task_id, at, method, scan_type, num }) => ({ task_id, at, method, scan_type, num }));
  return {
    instance_id: instanceId,
    db: key.db,
    key: key.name,
    encoding: key.encoding,
    points,
    not_listed: notListed,
    analyses_kept: finished.length,
    active: input.active ? { task_id: input.active.id, status: input.active.status } : null,
  };
}
