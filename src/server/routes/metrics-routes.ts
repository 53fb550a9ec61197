import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import type { DashboardMetrics } from '../metrics/dashboard-metrics';

/** `GET /metrics`: the Prometheus text format, collected at each scrape. */
export function metricsRoutes(metrics: DashboardMetrics): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/metrics', async (c) => {
    const { contentType, body } = await metrics.scrape();
    return c.body(body, 200, { 'Content-Type': contentType });
  });
  return routes;
}
