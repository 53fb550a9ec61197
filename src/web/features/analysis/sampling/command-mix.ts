/** `{"GET": 1995, "SET": 5}` as "GET 1,995 · SET 5", most frequent first. */
export function describeCommands(commands: Record<string, number>): string {
  return Object.entries(commands)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([command, count]) => `${command} ${count.toLocaleString('en-US')}`)
    .join(' · ');
}
