/**
 * Which servers have an analysis on them, across every redis source of the BFF: two configured ids can
 * name one server (an alias, another address), and one analysis at a time means per server, not per id.
 */
export class ActiveServers {
  private readonly holders = new Map<string, { instanceId: string; count: number }>();

  /** The other instance holding one of these servers, if any. */
  heldByOther(servers: readonly string[], instanceId: string): string | undefined {
    for (const server of servers) {
      const holder = this.holders.get(server);
      if (holder && holder.instanceId !== instanceId) return holder.instanceId;
    }
    return undefined;
  }

  /** Holds the servers for one analysis of the instance until the returned release is called. */
  hold(servers: readonly string[], instanceId: string): () => void {
    for (const server of servers) {
      const holder = this.holders.get(server) ?? { instanceId, count: 0 };
      holder.count += 1;
      this.holders.set(server, holder);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const server of servers) {
        const holder = this.holders.get(server);
        if (!holder) continue;
        holder.count -= 1;
        if (holder.count === 0) this.holders.delete(server);
      }
    };
  }
}
