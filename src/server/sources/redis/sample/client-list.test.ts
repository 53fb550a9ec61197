import { describe, expect, it } from 'vitest';
import { mergeClientLists, parseClientList } from './client-list';

const LINE_7_2 =
  'id=7 addr=10.0.0.5:51234 laddr=10.0.0.1:6379 fd=9 name=checkout age=3 idle=0 flags=N db=0 sub=0 psub=0 ' +
  'ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1800 ' +
  'events=r cmd=get user=default redir=-1 resp=2 lib-name=redis-py lib-ver=5.0.1';

describe('parseClientList', () => {
  it('reads name and library by address, a unix socket as MONITOR names it', () => {
    const clients = parseClientList(
      [
        LINE_7_2,
        'id=8 addr=/tmp/redis.sock:0 laddr=/tmp/redis.sock:0 fd=10 name= age=1 cmd=client|list',
        'id=9 addr=127.0.0.1:6000 fd=11 name=reports age=1 lib-name= lib-ver= cmd=get',
        '',
      ].join('\n'),
    );
    expect(clients.get('10.0.0.5:51234')).toEqual({ name: 'checkout', lib: 'redis-py 5.0.1' });
    expect(clients.get('unix:/tmp/redis.sock')).toEqual({ name: null, lib: null });
    expect(clients.get('127.0.0.1:6000')).toEqual({ name: 'reports', lib: null });
    // "laddr=" is not "addr=".
    expect(clients.has('10.0.0.1:6379')).toBe(false);
  });

  it('keeps what the start said of a client that left, and the end where it names one later', () => {
    const start = parseClientList('id=1 addr=a:1 name=old\nid=2 addr=b:2 name=gone\nid=3 addr=c:3 name=');
    const end = parseClientList('id=1 addr=a:1 name=new\nid=3 addr=c:3 name=late');
    const merged = mergeClientLists(start, end);
    expect(merged.get('a:1')?.name).toBe('new');
    expect(merged.get('b:2')?.name).toBe('gone');
    expect(merged.get('c:3')?.name).toBe('late');
  });
});
