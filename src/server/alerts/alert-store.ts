import type Database from 'better-sqlite3';
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

/** Alert rules and the record of every alert raised, in the BFF's SQLite file. */
export class AlertStore {
  constructor(
    private readonly db: Database.Database,
    private readonly health: StoreHealth = new StoreHealth(),
  ) {}

  rule(instanceId: string): StoredRule | undefined {
    const row = this.db
      .prepare(`SELECT enabled, freq_threshold, key_pattern, updated_at FROM alert_rules WHERE instance_id = ?`)
      .get(instanceId) as RuleRow | undefined;
    return row && { ...row, enabled: row.enabled === 1 };
  }

  /** Instances with a rule switched on, and since when the rule reads as it does. */
  enabledRuleInstances(): { instanceId: string; since: string }[] {
    return this.db
      .prepare(
        `SELECT instance_id AS instanceId, updated_at AS since FROM alert_rules WHERE enabled = 1 ORDER BY instance_id`,
      )
      .all() as { instanceId: string; since: string }[];
  }

  putRule(instanceId: string, update: AlertRuleUpdate, now: Date): void {
    this.health.write(() =>
      this.db
        .prepare(
          `INSERT INTO alert_rules (instance_id, enabled, freq_threshold, key_pattern, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (instance_id) DO UPDATE SET enabled = excluded.enabled, freq_threshold = excluded.freq_threshold,
             key_pattern = excluded.key_pattern, updated_at = excluded.updated_at`,
        )
        .run(instanceId, update.enabled ? 1 : 0, update.freq_threshold, update.key_pattern ?? null, now.toISOString()),
    );
  }

  insertDelivery(instanceId: string, delivery: NewDelivery): void {
    const insertAndPrune = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO alert_deliveries (id, instance_id, task_id, scan_type, created_at, status, key_count,
             top_key_name, top_key_freq)
           VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
        )
        .run(
          delivery.id,
          instanceId,
          delivery.task_id,
          delivery.scan_type,
          delivery.created_at,
          delivery.key_count,
          delivery.top_key.name,
          delivery.top_key.freq,
        );
      this.db
        .prepare(
          `DELETE FROM alert_deliveries WHERE seq IN (
             SELECT seq FROM alert_deliveries WHERE instance_id = ? ORDER BY seq DESC LIMIT -1 OFFSET ?)`,
        )
        .run(instanceId, MAX_DELIVERIES_PER_INSTANCE);
    });
    this.health.write(insertAndPrune);
  }

  /** After each try, so a delivery still retrying already shows its failures. */
  recordAttempt(id: string, attempts: number, error: string | null): void {
    this.health.write(() =>
      this.db.prepare(`UPDATE alert_deliveries SET attempts = ?, last_error = ? WHERE id = ?`).run(attempts, error, id),
    );
  }

  finish(id: string, status: Exclude<AlertDeliveryStatus, 'pending'>, at: Date, error?: string): void {
    this.health.write(() =>
      this.db
        .prepare(
          `UPDATE alert_deliveries SET status = ?, delivered_at = ?, last_error = COALESCE(?, last_error)
           WHERE id = ?`,
        )
        .run(status, status === 'delivered' ? at.toISOString() : null, error ?? null, id),
    );
  }

  /** Start-up: a delivery still pending belongs to a BFF that stopped while retrying. */
  failInterrupted(): number {
    return this.health.write(
      () =>
        this.db
          .prepare(`UPDATE alert_deliveries SET status = 'failed', last_error = ? WHERE status = 'pending'`)
          .run(INTERRUPTED_DELIVERY).changes,
    );
  }

  /** Newest first. */
  deliveries(instanceId: string, limit: number): AlertDelivery[] {
    const rows = this.db
      .prepare(`SELECT * FROM alert_deliveries WHERE instance_id = ? ORDER BY seq DESC LIMIT ?`)
      .all(instanceId, limit) as DeliveryRow[];
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
