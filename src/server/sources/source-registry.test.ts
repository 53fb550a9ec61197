import { describe, expect, it } from 'vitest';
import type { InstanceSummary } from '../../contract/instance-summary';
import { ApiError } from '../http/api-error';
import { SourceRegistry } from './source-registry';
import { InMemorySource } from '../../../test-support/in-memory-source';

/** A source whose server can be made to stop answering, as a SIGSTOPped Redis does: calls then never settle. */
class StoppableSource extends InMemorySource {
  stopped = false;
  override async getInstance(instanceId: string): Promise<InstanceSummary> {
    if (this.stopped) return new Promise<never>(() => undefined);
    return super.getInstance(instanceId);
  }
}

describe('one instance of a source that stops answering', () => {
  it('is shown as it last answered, marked stale, instead of waiting for it', async () => {
    const source = new StoppableSource({ id: 'local', instances: ['paused'] });
    const registry = new SourceRegistry([source]);
    const answered = await registry.describeInstance('paused');
    expect(answered.stale).toBeUndefined();

    source.stopped = true;
    const late = await registry.describeInstance('paused');
    expect(late).toMatchObject({ id: 'paused', status: answered.status });
    expect(late.stale?.reason).toBe('no answer within 1 s');
    expect(Date.parse(late.stale?.checked_at ?? '')).not.toBeNaN();
  });

  it('is refused with a 504 when it never answered, and an unknown id is still a 404', async () => {
    const source = new StoppableSource({ id: 'local', instances: ['paused'] });
    source.stopped = true;
    const registry = new SourceRegistry([source]);
    const refusal = await registry.describeInstance('paused').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).status).toBe(504);
    expect(((await registry.describeInstance('other').catch((error: unknown) => error)) as ApiError).status).toBe(404);
  });
});
