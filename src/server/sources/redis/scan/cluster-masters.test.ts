import { describe, expect, it } from 'vitest';
import { parseClusterMasters } from './cluster-masters';

describe('parseClusterMasters', () => {
  it('keeps masters that serve slots, named ip:port as the cluster reports them, with slots and replicas', () => {
    const nodes = [
      'a1 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460',
      'b2 10.0.0.2:7001@17001,redis-b.local master - 0 1 2 connected 5461-10922 [10923->-c3]',
      'c3 :7002@17002 master - 0 1 3 connected 10923-16383',
      'd4 10.0.0.4:7003@17003 slave a1 0 1 1 connected',
      'e5 10.0.0.5:7004@17004 master,fail - 0 1 5 disconnected',
      'f6 ::1:7005@17005 master - 0 1 6 connected 42',
      '',
    ].join('\n');
    expect(parseClusterMasters(nodes, 'redis://user:pw@seed.example:7000')).toEqual([
      { shard: '10.0.0.1:7000', url: 'redis://user:pw@10.0.0.1:7000', slots: '0-5460', replicas: ['10.0.0.4:7003'] },
      { shard: '10.0.0.2:7001', url: 'redis://user:pw@10.0.0.2:7001', slots: '5461-10922', replicas: [] },
      { shard: 'seed.example:7002', url: 'redis://user:pw@seed.example:7002', slots: '10923-16383', replicas: [] },
      { shard: '::1:7005', url: 'redis://user:pw@[::1]:7005', slots: '42', replicas: [] },
    ]);
  });
});
