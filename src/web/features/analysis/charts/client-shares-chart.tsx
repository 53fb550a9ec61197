import type { ClientShare } from '../../../../contract/hotkey-task';
import { OTHER_CLIENTS } from '../../../../contract/hotkey-task';
import { formatInteger, formatRate } from '../../../lib/format';
import { chartColors } from './chart-colors';
import { ChartTooltip } from './chart-tooltip';
import { ChartWithTable } from './chart-with-table';
import { barsHeight, HorizontalBars } from './horizontal-bars';

interface Row {
  id: string;
  label: string;
  percent: number;
  client: ClientShare;
}

/** A client as people know it: its name where it set one, else its address; `others` with how many it sums. */
const clientLabel = (client: ClientShare): string =>
  client.addr === OTHER_CLIENTS ? `${client.clients ?? 0} other clients` : (client.name ?? client.addr);

const percent = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;

/** Who sent a key's (or a task's) sampled accesses: each client's share, as bars and a table. */
export default function ClientSharesChart({ title, clients }: { title: string; clients: ClientShare[] }) {
  const rows: Row[] = clients.map((client) => ({
    id: `${client.shard ?? ''} ${client.addr}`,
    label: clientLabel(client),
    percent: client.share * 100,
    client,
  }));
  return (
    <ChartWithTable
      title={title}
      note="Addresses as the server saw them: behind a proxy or NAT all its clients' traffic shows as the proxy's address. Names from CLIENT SETNAME."
      height={barsHeight(rows.length, 26)}
      chart={
        <HorizontalBars
          rows={rows}
          rowKey={(row) => row.id}
          labelKey="id"
          labelWidth={150}
          labelOf={(row) => ({ name: row.label })}
          valueKey="percent"
          valueName="share of accesses"
          formatValue={(value) => `${Math.round(value)}%`}
          valueTicks={[0, 25, 50, 75, 100]}
          tooltipContent={(row) => (
            <ChartTooltip
              title={row.label}
              lines={[
                `${percent(row.client.share)} of the accesses, ${formatRate(row.client.per_second)}`,
                row.client.addr !== OTHER_CLIENTS && `address ${row.client.addr}`,
                row.client.lib && `library ${row.client.lib}`,
                row.client.shard && `on ${row.client.shard}`,
              ]}
            />
          )}
          fill={(row) => (row.client.addr === OTHER_CLIENTS ? chartColors.gone : chartColors.bar)}
          onPick={() => undefined}
        />
      }
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th>Client</th>
              <th className="text-right">Share</th>
              <th className="text-right">Accesses/s</th>
              <th className="text-right">Seen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ id, label, client }) => (
              <tr key={id}>
                <td className="text-xs">
                  <span className="font-medium break-all">{label}</span>
                  {client.addr !== OTHER_CLIENTS && (
                    <span className="block font-mono text-slate-500 dark:text-slate-400">
                      {client.name ? client.addr : 'no name set'}
                      {client.lib ? ` · ${client.lib}` : ''}
                      {client.shard ? ` · on ${client.shard}` : ''}
                    </span>
                  )}
                </td>
                <td className="text-right tabular-nums">{percent(client.share)}</td>
                <td className="text-right tabular-nums">{formatRate(client.per_second)}</td>
                <td className="text-right tabular-nums">{formatInteger(client.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
