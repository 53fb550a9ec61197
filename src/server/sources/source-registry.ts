import type { InstanceList, InstanceSummary, SourceError } from '../../contract/instance-summary';
import { ApiError, notFound } from '../http/api-error';
import { log } from '../log';
import { storeFaultOf } from '../store/store-health';
import type { InstanceSource } from './instance-source';

/**
 * How long a source is waited for by the instance list, one instance's summary and health: below a second, so
 * that the whole answer (the other sources, the response itself) still comes within one on a busy machine.
 */
export const ANSWER_WITHIN_MS = 800;
const LATE_REASON = 'no answer within 1 s';

export interface SourceReachability {
  id: string;
  kind: InstanceSource['kind'];
  /** null when it could not be checked: listing a source reads the BFF's store, which is down. */
  reachable: boolean | null;
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
  private readonly lastSummaries = new Map<string, { instance: InstanceSummary; at: string }>();

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
          const at = new Date().toISOString();
          this.lastListings.set(source.id, { instances, at });
          for (const instance of instances) this.lastSummaries.set(instance.id, { instance, at });
          return instances;
        });
        try {
          const instances = await withDeadline(listing, ANSWER_WITHIN_MS);
          if (instances) return instances;
          listing.catch(() => undefined);
          const last = this.lastListings.get(source.id);
          const reason = LATE_REASON;
          if (last) return last.instances.map((i) => ({ ...i, stale: { checked_at: last.at, reason } }));
          source_errors.push({ source: ref, ...ApiError.of('gatewayTimeout', reason).toBody() });
          return [];
        } catch (error) {
          // The BFF's own store failed, not the source: the request is answered 503 naming the store.
          if (storeFaultOf(error) !== undefined) throw error;
          const body = error instanceof ApiError ? error.toBody() : ApiError.of('badGateway', String(error)).toBody();
          log.warn('source listing failed', { source: source.id, error_code: body.error_code });
          source_errors.push({ source: ref, error_code: body.error_code, error_msg: body.error_msg });
          return [];
        }
      }),
    );
    return { instances: lists.flat(), source_errors };
  }

  /**
   * One instance's summary, under the same deadline as the list: a server that stopped answering (SIGSTOP, a
   * hung host) is shown as it last answered, marked stale, or refused with a 504 when it never answered.
   */
  async describeInstance(instanceId: string): Promise<InstanceSummary> {
    const source = await this.resolve(instanceId);
    const summary = source.getInstance(instanceId).then((instance) => {
      this.lastSummaries.set(instanceId, { instance, at: new Date().toISOString() });
      return instance;
    });
    const instance = await withDeadline(summary, ANSWER_WITHIN_MS);
    if (instance) return instance;
    summary.catch(() => undefined);
    const last = this.lastSummaries.get(instanceId);
    if (last) return { ...last.instance, stale: { checked_at: last.at, reason: LATE_REASON } };
    throw ApiError.of('gatewayTimeout', `instance ${instanceId}: ${LATE_REASON}`);
  }

  /** Reachability of every source, for load balancers: ids and states only, never addresses. */
  async health(): Promise<SourceReachability[]> {
    try {
      return this.reachability(await this.listInstances());
    } catch (error) {
      if (storeFaultOf(error) === undefined) throw error;
      return this.sources.map((source) => ({ id: source.id, kind: source.kind, reachable: null }));
    }
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
