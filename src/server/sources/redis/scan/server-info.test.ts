import { describe, expect, it } from 'vitest';
import { parseInfo } from './server-info';

describe('parseInfo', () => {
  it('reads the major version and the databases holding keys', () => {
    const info =
      '# Server\r\nredis_version:7.0.15\r\n# Keyspace\r\ndb0:keys=10,expires=0,avg_ttl=0\r\ndb3:keys=0,expires=0\r\ndb12:keys=5,expires=1\r\n';
    expect(parseInfo(info)).toEqual({
      redisMajor: 7,
      databases: [
        { db: 0, keys: 10 },
        { db: 12, keys: 5 },
      ],
    });
  });
});
