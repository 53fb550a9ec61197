/** What MONITOR costs, said before an operator starts it. */
export function MonitorCost({ seconds }: { seconds: number }) {
  return (
    <div className="space-y-1 text-xs text-slate-600 dark:text-slate-400">
      <p>
        Sampling runs MONITOR on every master for {seconds} s: the server copies{' '}
        <strong>every command it executes</strong> to this dashboard while it runs. On a busy server that costs
        throughput (Redis warns it can halve it) and adds latency for other clients. To keep that latency within the
        source&apos;s budget, a busy server is sampled in slices (a share of the window set by its traffic and by a
        probe of its latency), and rates are counted over the time sampled.
      </p>
      <p>
        The dashboard counts the keys each command touched and stops MONITOR at the end of the window, when you cancel,
        or when it has received the configured byte limit (then it keeps what it gathered). The Redis user needs the{' '}
        <code>+monitor</code> ACL permission.
      </p>
    </div>
  );
}
