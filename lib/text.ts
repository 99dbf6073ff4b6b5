/**
 * A value a user gave (a flag, a field of `.yo-rc.json`, a hand-edited template's) as the text a
 * message quotes or a validator reads: a string as it is, nothing as '', a number or a boolean as
 * `String` writes it, anything else as its JSON (never "[object Object]").
 */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? typeof value;
}
