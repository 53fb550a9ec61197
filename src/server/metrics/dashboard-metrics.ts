import { collectDefaultMetrics, Registry } from 'prom-client';
import { EventCounters } from './event-counters';
import { type RecordGaugeDeps, registerRecordGauges } from './record-gauges';

let processRegistry: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, event loop lag, GC, handles), collected once per process: they
 * describe the process, and their collectors (an event loop delay monitor, a GC observer) are never stopped.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // Gauges named like counters, which promtool's lint refuses; sum(nodejs_active_handles) etc. give them.
    for (const total of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ]) {
      processRegistry.removeSingleMetric(total);
    }
  }
  return processRegistry;
}

export interface DashboardMetrics {
  counters: EventCounters;
  /** The Prometheus text exposition of everything, collected now. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Everything `GET /metrics` exports: the process, this BFF's event counters and the records' gauges. */
export function createDashboardMetrics(records: RecordGaugeDeps): DashboardMetrics {
  const registry = new Registry();
  const counters = new EventCounters(registry);
  registerRecordGauges(registry, records);
  return {
    counters,
    async scrape() {
      const merged = Registry.merge([processMetrics(), registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
