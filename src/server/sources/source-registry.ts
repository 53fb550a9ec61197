import type { InstanceList, InstanceSummary, SourceError } from '../../contract/instance-summary';
import { ApiError, notFound } from '../http/api-error';
import { log } from '../log';
import type { InstanceSource } from './instance-source';

/** The instance list and health answer within this, whatever a source does. */
export const ANSWER_WITHIN_MS = 1_000;

export interface SourceReachability {
  id: string;
  kind: InstanceSource['kind'];
  reachable: boolean;
  error_code?: string;
  stale?: boolean;
}

/** The value, or undefined when it takes longer than `ms`; a rejection passes through. */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Finds the source that owns an instance id; the routes never talk to a source they did not resolve. */
export class SourceRegistry {
  private readonly lastListings = new Map<string, { instances: InstanceSummary[]; at: string }>();

  constructor(readonly sources: readonly InstanceSource[]) {}

  /**
   * Self-managed sources answer from their configuration, so they are asked first; a cloud source that
   * cannot be asked (API down) does not hide the others, and its failure is the answer only when no other
   * source owns the id.
   */
  async resolve(instanceId: string): Promise<InstanceSource> {
    const ordered = [...this.sources].sort((a, b) => Number(a.kind === 'dcs') - Number(b.kind === 'dcs'));
    let failure: unknown;
    for (const source of ordered) {
      try {
        if (await source.ownsInstance(instanceId)) return source;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
    throw notFound(`instance ${instanceId}`);
  }

  /**
   * One failing or slow source must not hide the others: a failure is reported beside their instances, and a
   * source that does not answer within ANSWER_WITHIN_MS is shown as it last answered, marked stale (its
   * answer, when it comes, is kept for the next call).
   */
  async listInstances(): Promise<InstanceList> {
    const source_errors: SourceError[] = [];
    const lists = await Promise.all(
      this.sources.map(async (source) => {
        const ref = { id: source.id, kind: source.kind, name: source.name };
        const listing = source.listInstances().then((instances) => {
          this.lastListings.set(source.id, { instances, at: new Date().toISOString() });
          return instances;
        });
        try {
          const instances = await withDeadline(listing, ANSWER_WITHIN_MS);
          if (instances) return instances;
          listing.catch(() => undefined);
          const last = this.lastListings.get(source.id);
          const reason = `no answer within ${ANSWER_WITHIN_MS / 1000} s`;
          if (last) return last.instances.map((i) => ({ ...i, stale: { checked_at: last.at, reason } }));
          source_errors.push({ source: ref, ...ApiError.of('gatewayTimeout', reason).toBody() });
          return [];
        } catch (error) {
          const body = error instanceof ApiError ? error.toBody() : ApiError.of('badGateway', String(error)).toBody();
          log.warn('source listing failed', { source: source.id, error_code: body.error_code });
          source_errors.push({ source: ref, error_code: body.error_code, error_msg: body.error_msg });
          return [];
        }
      }),
    );
    return { instances: lists.flat(), source_errors };
  }

  /** Reachability of every source, for load balancers: ids and states only, never addresses. */
  async health(): Promise<SourceReachability[]> {
    return this.reachability(await this.listInstances());
  }

  /** What a listing says of each source: reachable unless it failed, or one of its instances is down or stale. */
  reachability({ instances, source_errors }: InstanceList): SourceReachability[] {
    return this.sources.map((source) => {
      const failed = source_errors.find((e) => e.source.id === source.id);
      if (failed) return { id: source.id, kind: source.kind, reachable: false, error_code: failed.error_code };
      const own = instances.filter((i) => i.source.id === source.id);
      return {
        id: source.id,
        kind: source.kind,
        reachable: own.every((i) => i.status !== 'UNREACHABLE' && !i.stale),
        ...(own.some((i) => i.stale) ? { stale: true } : {}),
      };
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.close()));
  }
}
