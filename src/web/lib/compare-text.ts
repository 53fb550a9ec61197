/**
 * Orders strings by code unit, like Redis orders key bytes. Unlike localeCompare it is cheap enough to sort
 * 10,000 keys on every filter change, and it gives the same order in every browser and locale.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
