import { Counter, type Registry } from 'prom-client';
import { analysisMethodSchema, scanTypeSchema, type Task } from '../../contract/hotkey-task';

/**
 * What happened in this process since it started: analyses it started or saw end, alerts it delivered,
 * requests it answered. Each replica counts its own; Prometheus sums them (`sum by (...)`).
 */
export class EventCounters {
  private readonly started: Counter<'method' | 'scan_type'>;
  private readonly finished: Counter<'method' | 'scan_type'>;
  private readonly failed: Counter<'method' | 'scan_type'>;
  private readonly deliveries: Counter<'outcome'>;
  private readonly failedAttempts: Counter;
  private readonly requests: Counter<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers: [registry] });
    const byMethod = ['method', 'scan_type'] as const;
    this.started = counter(
      'hotkeys_analyses_started_total',
      'Hot key analyses started through this BFF, by method (lfu, sample) and scan type (manual, auto, watch).',
      byMethod,
    );
    this.finished = counter(
      'hotkeys_analyses_finished_total',
      'Hot key analyses that ended with a result (status success), by method and scan type.',
      byMethod,
    );
    this.failed = counter(
      'hotkeys_analyses_failed_total',
      'Hot key analyses that ended without a result (status failed: an error, cancelled, interrupted), by method and scan type.',
      byMethod,
    );
    this.deliveries = counter(
      'hotkeys_alert_deliveries_total',
      'Hot key alerts raised, by how their delivery to the webhook ended (delivered, failed).',
      ['outcome'],
    );
    this.failedAttempts = counter(
      'hotkeys_alert_delivery_attempt_failures_total',
      'Webhook posts of alerts that failed (timeouts, refused connections, non-2xx answers), retries included.',
    );
    this.requests = counter(
      'hotkeys_http_requests_total',
      'HTTP requests answered, by method, route template (not the raw path) and status code.',
      ['method', 'route', 'status'],
    );
    // Series that exist from the start: rate() and increase() see the first event, and dashboards show 0.
    for (const method of analysisMethodSchema.options) {
      for (const scan_type of scanTypeSchema.options) {
        for (const counter of [this.started, this.finished, this.failed]) counter.inc({ method, scan_type }, 0);
      }
    }
    for (const outcome of ['delivered', 'failed']) this.deliveries.inc({ outcome }, 0);
    this.failedAttempts.inc(0);
  }

  analysisStarted(task: Task): void {
    this.started.inc(analysisLabels(task));
  }

  analysisEnded(task: Task): void {
    if (task.status === 'success') this.finished.inc(analysisLabels(task));
    else if (task.status === 'failed') this.failed.inc(analysisLabels(task));
  }

  alertEnded(outcome: { delivered: boolean; failedAttempts: number }): void {
    this.deliveries.inc({ outcome: outcome.delivered ? 'delivered' : 'failed' });
    if (outcome.failedAttempts > 0) this.failedAttempts.inc(outcome.failedAttempts);
  }

  httpRequest(method: string, route: string, status: number): void {
    this.requests.inc({ method, route, status: String(status) });
  }
}

const analysisLabels = (task: Task) => ({ method: task.method ?? 'lfu', scan_type: task.scan_type });
