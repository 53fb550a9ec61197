/** A multi-select as a row of toggle buttons: every option visible at once, each reachable by Tab. */
export function ToggleChips<T extends string | number>({
  label,
  options,
  selected,
  onChange,
  format = String,
}: {
  label: string;
  options: readonly T[];
  selected: readonly T[];
  onChange: (selected: T[]) => void;
  format?: (value: T) => string;
}) {
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-center gap-1">
      <span className="mr-1 text-xs font-medium text-slate-600 dark:text-slate-400">{label}</span>
      {options.map((option) => {
        const on = selected.includes(option);
        return (
          <button
            key={String(option)}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(on ? selected.filter((value) => value !== option) : [...selected, option])}
            className={`rounded-full border px-2 py-0.5 text-xs ${
              on
                ? 'border-sky-700 bg-sky-700 text-white dark:border-sky-400 dark:bg-sky-500 dark:text-slate-950'
                : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700'
            }`}
          >
            {format(option)}
          </button>
        );
      })}
    </div>
  );
}
