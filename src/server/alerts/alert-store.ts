import type { Database } from '../store/database';
import { OWNER_GONE } from '../store/replica';
import { StoreHealth } from '../store/store-health';
import type { AlertDelivery, AlertDeliveryStatus, AlertRuleUpdate } from '../../contract/hotkey-alerts';

/** Deliveries kept per instance, the oldest going first (the task records' rule). */
export const MAX_DELIVERIES_PER_INSTANCE = 100;
export const INTERRUPTED_DELIVERY = 'the BFF stopped before this alert was delivered';

export interface StoredRule {
  enabled: boolean;
  freq_threshold: number;
  key_pattern: string | null;
  updated_at: string;
}

interface RuleRow {
  enabled: number;
  freq_threshold: number;
  key_pattern: string | null;
  updated_at: string;
}

interface DeliveryRow {
  id: string;
  task_id: string;
  scan_type: AlertDelivery['scan_type'];
  created_at: string;
  status: AlertDeliveryStatus;
  attempts: number;
  last_error: string | null;
  delivered_at: string | null;
  key_count: number;
  top_key_name: string;
  top_key_freq: number;
}

export type NewDelivery = Pick<AlertDelivery, 'id' | 'task_id' | 'scan_type' | 'created_at' | 'key_count' | 'top_key'>;

/**
 * Alert rules and the record of every alert raised, in the store. One delivery per analysis (a unique row):
 * replicas that both see a cloud analysis end raise its alert once, and the replica that inserted the row
 * delivers it.
 */
export class AlertStore {
  constructor(
    private readonly db: Database,
    private readonly health: StoreHealth = new StoreHealth(),
  ) {}

  async rule(instanceId: string): Promise<StoredRule | undefined> {
    const row = await this.db.get<RuleRow>(
      `SELECT enabled, freq_threshold, key_pattern, updated_at FROM alert_rules WHERE instance_id = ?`,
      [instanceId],
    );
    return row && { ...row, enabled: row.enabled === 1 };
  }

  /** Instances with a rule switched on, and since when the rule reads as it does. */
  enabledRuleInstances(): Promise<{ instanceId: string; since: string }[]> {
    return this.db.all(
      `SELECT instance_id AS "instanceId", updated_at AS since FROM alert_rules WHERE enabled = 1 ORDER BY instance_id`,
    );
  }

  async putRule(instanceId: string, update: AlertRuleUpdate, now: Date): Promise<void> {
    await this.health.write(() =>
      this.db.run(
        `INSERT INTO alert_rules (instance_id, enabled, freq_threshold, key_pattern, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (instance_id) DO UPDATE SET enabled = excluded.enabled, freq_threshold = excluded.freq_threshold,
           key_pattern = excluded.key_pattern, updated_at = excluded.updated_at`,
        [instanceId, update.enabled ? 1 : 0, update.freq_threshold, update.key_pattern ?? null, now.toISOString()],
      ),
    );
  }

  /** False when the analysis already has its delivery (raised by another replica): then this one sends nothing. */
  insertDelivery(instanceId: string, delivery: NewDelivery, owner: string | null = null): Promise<boolean> {
    return this.health.write(() =>
      this.db.transaction(async (tx) => {
        const inserted = await tx.run(
          `INSERT INTO alert_deliveries (id, instance_id, task_id, scan_type, created_at, status, key_count,
             top_key_name, top_key_freq, owner)
           VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [
            delivery.id,
            instanceId,
            delivery.task_id,
            delivery.scan_type,
            delivery.created_at,
            delivery.key_count,
            delivery.top_key.name,
            delivery.top_key.freq,
            owner,
          ],
        );
        await tx.run(
          `DELETE FROM alert_deliveries WHERE instance_id = ? AND seq NOT IN (
             SELECT seq FROM alert_deliveries WHERE instance_id = ? ORDER BY seq DESC LIMIT ?)`,
          [instanceId, instanceId, MAX_DELIVERIES_PER_INSTANCE],
        );
        return inserted > 0;
      }),
    );
  }

  /** After each try, so a delivery still retrying already shows its failures. */
  async recordAttempt(id: string, attempts: number, error: string | null): Promise<void> {
    await this.health.write(() =>
      this.db.run(`UPDATE alert_deliveries SET attempts = ?, last_error = ? WHERE id = ?`, [attempts, error, id]),
    );
  }

  async finish(id: string, status: Exclude<AlertDeliveryStatus, 'pending'>, at: Date, error?: string): Promise<void> {
    await this.health.write(() =>
      this.db.run(
        `UPDATE alert_deliveries SET status = ?, delivered_at = ?, last_error = COALESCE(?, last_error) WHERE id = ?`,
        [status, status === 'delivered' ? at.toISOString() : null, error ?? null, id],
      ),
    );
  }

  /**
   * A delivery still pending whose replica is gone (other than `self`, heartbeat older than `aliveSince`)
   * belongs to a BFF that stopped while retrying.
   */
  failInterrupted(self: string, aliveSince: Date): Promise<number> {
    return this.health.write(() =>
      this.db.run(
        `UPDATE alert_deliveries SET status = 'failed', last_error = ?
         WHERE status = 'pending' AND ${OWNER_GONE}`,
        [INTERRUPTED_DELIVERY, self, aliveSince.toISOString()],
      ),
    );
  }

  /** Newest first. */
  async deliveries(instanceId: string, limit: number): Promise<AlertDelivery[]> {
    const rows = await this.db.all<DeliveryRow>(
      `SELECT * FROM alert_deliveries WHERE instance_id = ? ORDER BY seq DESC LIMIT ?`,
      [instanceId, limit],
    );
    return rows.map(({ top_key_name, top_key_freq, ...row }) => ({
      id: row.id,
      task_id: row.task_id,
      scan_type: row.scan_type,
      created_at: row.created_at,
      status: row.status,
      attempts: row.attempts,
      last_error: row.last_error,
      delivered_at: row.delivered_at,
      key_count: row.key_count,
      top_key: { name: top_key_name, freq: top_key_freq },
    }));
  }
}
