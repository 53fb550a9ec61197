/** What the scan needs from INFO: the server's major version and the databases that hold keys. */
export interface ServerInfo {
  redisMajor: number;
  databases: { db: number; keys: number }[];
}

export function parseInfo(text: string): ServerInfo {
  const version = /^redis_version:(\d+)/m.exec(text);
  const databases = [...text.matchAll(/^db(\d+):keys=(\d+)/gm)]
    .map((m) => ({ db: Number(m[1]), keys: Number(m[2]) }))
    .filter((d) => d.keys > 0)
    .sort((a, b) => a.db - b.db);
  return { redisMajor: version ? Number(version[1]) : 0, databases };
}
