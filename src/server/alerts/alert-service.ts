import { unlessStoreUnavailable } from '../store/store-health';
import { randomUUID } from 'node:crypto';
import type { AlertDeliveryList, AlertRule, AlertRuleUpdate } from '../../contract/hotkey-alerts';
import { hasFreq, type KeyWithFreq, type Task } from '../../contract/hotkey-task';
import { explainFreq, type LfuParams } from '../lfu/estimate-lfu';
import { log } from '../log';
import { buildAlertMessage, type ExplainedKey } from './alert-message';
import type { AlertStore } from './alert-store';
import { type WebhookTarget, webhookOrigin } from './alerts-config';
import { compileKeyGlob } from './key-glob';
import { backoffMs, postWebhook } from './post-webhook';

/** Deliveries the instance page lists. */
export const DELIVERIES_SHOWN = 20;
export const NO_WEBHOOK =
  'no webhook URL is configured (alerts.webhookUrlEnv or alerts.webhookUrl in the BFF configuration)';

export interface AlertServiceDeps {
  store: AlertStore;
  webhook: WebhookTarget | undefined;
  /** Name and LFU parameters for the message; the instance may be unreachable by then. */
  describeInstance(instanceId: string): Promise<{ name: string; lfu?: LfuParams }>;
  taskUrl(instanceId: string, taskId: string): string;
  retryDelayMs?: (attempt: number) => number;
  now?: () => Date;
  /** Told how each alert's delivery ended and how many of its tries failed (metrics count them). */
  onDeliveryEnded?: (outcome: { delivered: boolean; failedAttempts: number }) => void;
  /** This replica, owner of the deliveries it sends. */
  owner?: string;
}

/**
 * Raises an alert when a finished analysis found keys above the instance's threshold, and delivers it to
 * the configured webhook in the background: the analysis that triggered it never waits for the webhook.
 */
export class AlertService {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();
  private readonly now: () => Date;

  constructor(private readonly deps: AlertServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Deliveries a gone replica (an earlier life of this BFF) left pending are recorded as failed. */
  async failLeftovers(aliveSince: Date): Promise<number> {
    const interrupted = await unlessStoreUnavailable('mark interrupted deliveries', () =>
      this.deps.store.failInterrupted(this.deps.owner ?? 'local', aliveSince),
    );
    if (interrupted > 0) log.warn('alert deliveries interrupted by a restart marked failed', { count: interrupted });
    return interrupted;
  }

  async rule(instanceId: string): Promise<AlertRule> {
    const stored = await this.deps.store.rule(instanceId);
    return {
      instance_id: instanceId,
      enabled: stored?.enabled ?? false,
      freq_threshold: stored?.freq_threshold ?? null,
      key_pattern: stored?.key_pattern ?? null,
      updated_at: stored?.updated_at ?? null,
      webhook_configured: this.deps.webhook !== undefined,
    };
  }

  async putRule(instanceId: string, update: AlertRuleUpdate): Promise<AlertRule> {
    await this.deps.store.putRule(instanceId, update, this.now());
    return this.rule(instanceId);
  }

  async deliveries(instanceId: string): Promise<AlertDeliveryList> {
    return {
      instance_id: instanceId,
      webhook_configured: this.deps.webhook !== undefined,
      records: await this.deps.store.deliveries(instanceId, DELIVERIES_SHOWN),
    };
  }

  /** The analysis listener: returns at once; the evaluation and delivery go on in the background. */
  onTaskFinished(task: Task): void {
    const work = this.raise(task)
      .catch((error: unknown) =>
        log.error('alert failed', { instance: task.instance_id, task: task.id, error: String(error) }),
      )
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Resolves once every alert raised so far is delivered or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Abandons retries still waiting; the next start records them as failed. */
  async close(): Promise<void> {
    this.shutdown.abort();
    await this.idle();
  }

  private async raise(task: Task): Promise<void> {
    const rule = await this.deps.store.rule(task.instance_id);
    if (task.status !== 'success' || !task.keys || !rule?.enabled) return;
    const matches = rule.key_pattern ? compileKeyGlob(rule.key_pattern) : () => true;
    const keys = task.keys
      .filter((key): key is KeyWithFreq => hasFreq(key) && key.freq > rule.freq_threshold && matches(key.name))
      .sort((a, b) => b.freq - a.freq);
    if (keys.length === 0) return;

    const id = randomUUID();
    const raised = await this.deps.store.insertDelivery(
      task.instance_id,
      {
        id,
        task_id: task.id,
        scan_type: task.scan_type,
        created_at: this.now().toISOString(),
        key_count: keys.length,
        top_key: { name: keys[0]!.name, freq: keys[0]!.freq },
      },
      this.deps.owner ?? 'local',
    );
    // Another replica saw the same (cloud) analysis end first: it delivers the alert.
    if (!raised) return;
    const { webhook } = this.deps;
    if (!webhook) {
      await this.deps.store.finish(id, 'failed', this.now(), NO_WEBHOOK);
      this.deps.onDeliveryEnded?.({ delivered: false, failedAttempts: 0 });
      log.warn('alert not sent', { instance: task.instance_id, task: task.id, reason: NO_WEBHOOK });
      return;
    }

    const instance = await this.deps
      .describeInstance(task.instance_id)
      .catch(() => ({ name: task.instance_id, lfu: undefined }));
    const explained = await explainFreq({ ...task, keys }, async () => instance.lfu);
    const message = buildAlertMessage({
      instance: { id: task.instance_id, name: instance.name },
      task: explained,
      rule,
      keys: explained.keys as ExplainedKey[],
      taskUrl: this.deps.taskUrl(task.instance_id, task.id),
    });
    const facts = { instance: task.instance_id, task: task.id, alert: id, webhook: webhookOrigin(webhook.url) };
    try {
      const outcome = await postWebhook(webhook, message, {
        signal: this.shutdown.signal,
        retryDelayMs: this.deps.retryDelayMs ?? backoffMs,
        onAttempt: (attempts, error) => void this.deps.store.recordAttempt(id, attempts, error).catch(() => undefined),
      });
      await this.deps.store.finish(
        id,
        outcome.delivered ? 'delivered' : 'failed',
        this.now(),
        outcome.error ?? undefined,
      );
      this.deps.onDeliveryEnded?.({
        delivered: outcome.delivered,
        failedAttempts: outcome.delivered ? outcome.attempts - 1 : outcome.attempts,
      });
      if (outcome.delivered) log.info('alert delivered', { ...facts, attempts: outcome.attempts });
      else log.warn('alert delivery failed', { ...facts, attempts: outcome.attempts, error: outcome.error });
    } catch (error) {
      if (!this.shutdown.signal.aborted) throw error;
      log.warn('alert delivery abandoned at shutdown', facts);
    }
  }
}
