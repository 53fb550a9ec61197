import type { ReactNode } from 'react';
import type { SourceKind } from '../../../../contract/instance-summary';

/** A card for one setting of the instance, headed by what the setting does on this kind of source. */
export function SettingsCard({
  label,
  title,
  source,
  about,
  children,
}: {
  label: string;
  title: string;
  source: SourceKind;
  /** Who acts on the setting differs by source: DCS keeps some settings itself. */
  about: Record<SourceKind, string>;
  children: ReactNode;
}) {
  return (
    <section className="card space-y-3" aria-label={label}>
      <div>
        <h2 className="text-lg font-semibold">{title}</h2>
        <p className="text-xs text-slate-500 dark:text-slate-400">{about[source]}</p>
      </div>
      {children}
    </section>
  );
}
