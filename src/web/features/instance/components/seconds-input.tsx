import { SAMPLE_SECONDS } from '../../../../contract/hotkey-task';

/** The sampling window in whole seconds, within what the BFF accepts. */
export function SecondsInput({ value, onChange }: { value: number; onChange: (seconds: number) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="font-medium">Window</span>
      <input
        type="number"
        className="w-20 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
        min={SAMPLE_SECONDS.min}
        max={SAMPLE_SECONDS.max}
        step={1}
        value={value}
        onChange={(event) => {
          const seconds = Math.round(Number(event.target.value));
          onChange(Math.min(SAMPLE_SECONDS.max, Math.max(SAMPLE_SECONDS.min, seconds || SAMPLE_SECONDS.min)));
        }}
      />
      <span>
        seconds ({SAMPLE_SECONDS.min}–{SAMPLE_SECONDS.max})
      </span>
    </label>
  );
}
