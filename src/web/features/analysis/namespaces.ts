/** Keys without the delimiter form their own group, shown under this label. */
const NO_NAMESPACE = '(no prefix)';

/** The first segment of the name: `user:42:cart` -> `user` with delimiter `:`. */
export function namespaceOf(name: string, delimiter: string): string {
  const at = delimiter ? name.indexOf(delimiter) : -1;
  return at > 0 ? name.slice(0, at) : NO_NAMESPACE;
}
