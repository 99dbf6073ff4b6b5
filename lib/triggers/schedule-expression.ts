/**
 * EventBridge Scheduler's recurring expressions, checked as the service checks them (Scheduler
 * User Guide, "Schedule types"): `rate(<value> <unit>)` and the six-field
 * `cron(minutes hours day-of-month month day-of-week year)`. One-time `at(...)` schedules are
 * not recurring work, so they are not offered.
 */
import type { Validation } from '../validation.js';
import { textOf } from '../text.js';

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

/** `rate(1 hour)`, `rate(15 minutes)`: a positive whole number, the unit singular for 1 only. */
export function validateRate(value: unknown): Validation {
  const text = textOf(value);
  const m = RATE.exec(text);
  if (!m) return `--rate must be rate(<n> minutes|hours|days), e.g. "rate(15 minutes)" (got "${text}")`;
  const n = Number(m[1]);
  const unit = m[2]!;
  if (n < 1) return `--rate must be at least 1 (got "${text}")`;
  if ((n === 1) !== !unit.endsWith('s'))
    return `--rate takes the singular unit for 1 only: "rate(1 ${unit.replace(/s$/, '')})", "rate(${n === 1 ? 2 : n} ${unit.replace(/s?$/, 's')})" (got "${text}")`;
  return true;
}

interface Field {
  name: string;
  min: number;
  max: number;
  /** Characters beyond `, - * /` the field takes. */
  extra: string;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const FIELDS: readonly Field[] = [
  { name: 'minutes', min: 0, max: 59, extra: '' },
  { name: 'hours', min: 0, max: 23, extra: '' },
  { name: 'day-of-month', min: 1, max: 31, extra: '?LW' },
  { name: 'month', min: 1, max: 12, extra: '', names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, extra: '?L#', names: DAYS },
  { name: 'year', min: 1970, max: 2199, extra: '' },
];

/** One value of a field: a number in range, or one of its names (`JAN`, `MON`). */
function valueOk(field: Field, value: string): boolean {
  if (field.names?.includes(value.toUpperCase())) return true;
  if (!/^\d+$/.test(value)) return false;
  const n = Number(value);
  return n >= field.min && n <= field.max;
}

/** One comma-separated part of a field: `*`, `v`, `a-b`, `a/n`, `*\/n`, and the field's own forms. */
function partOk(field: Field, part: string): boolean {
  if (part === '*') return true;
  if (part === '?') return field.extra.includes('?');
  if (field.name === 'day-of-month') {
    if (part === 'L' || part === 'LW') return true;
    if (/^\d+W$/.test(part)) return valueOk(field, part.slice(0, -1));
  }
  if (field.name === 'day-of-week') {
    if (/^[^#]+#[1-5]$/.test(part)) return valueOk(field, part.split('#')[0]!);
    if (/^[^L]+L$/.test(part)) return valueOk(field, part.slice(0, -1));
    if (part === 'L') return true;
  }
  const [range, step, ...more] = part.split('/');
  if (more.length > 0 || range === undefined) return false;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return false;
  if (range === '*') return step !== undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return false;
  return bounds.every((b) => valueOk(field, b));
}

/** `cron(0 3 * * ? *)`: six fields; one of day-of-month and day-of-week is `?`, not both. */
export function validateCron(value: unknown): Validation {
  const text = textOf(value);
  const m = /^cron\((.*)\)$/.exec(text);
  const fields = m?.[1]!.trim().split(/\s+/) ?? [];
  if (!m || fields.length !== 6) {
    return `--cron must be cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), e.g. "cron(0 3 * * ? *)" (got "${text}")`;
  }
  for (const [i, field] of FIELDS.entries()) {
    const given = fields[i]!;
    if (!given.split(',').every((part) => part !== '' && partOk(field, part))) {
      return `--cron: "${given}" is not a valid ${field.name} field (${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names.at(-1)}` : ''}, with , - * /${field.extra ? ` ${field.extra.split('').join(' ')}` : ''}; got "${text}")`;
    }
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return `--cron: exactly one of day-of-month and day-of-week must be "?", e.g. "cron(0 3 * * ? *)" or "cron(0 3 ? * MON *)" (got "${text}")`;
  }
  return true;
}

/** An IANA time zone the schedule's cron is read in (`Europe/Paris`); absent: UTC. */
export function validateTimezone(value: unknown): Validation {
  const text = textOf(value);
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
  } catch {
    return `--timezone must be an IANA time zone such as Europe/Paris or America/New_York (got "${text}")`;
  }
  // Legacy names Intl still knows (EST5EDT, GMT0): the region's own name says what its rules are.
  return /^[A-Za-z]+(\/[A-Za-z0-9_+-]+)*$/.test(text)
    ? true
    : `--timezone must be a region's IANA time zone such as Europe/Paris or America/New_York, not a legacy name (got "${text}")`;
}
