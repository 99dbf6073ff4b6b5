/** EventBridge Scheduler's rate and cron expressions, as the service accepts them. */
import { describe, expect, it } from 'vitest';
import { validateCron, validateRate, validateTimezone } from '../../lib/triggers/schedule-expression.js';

describe('rate expressions', () => {
  it.each(['rate(1 minute)', 'rate(15 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)', 'rate(7 days)'])('accepts %s', (rate) => {
    expect(validateRate(rate)).toBe(true);
  });

  it.each([
    ['rate(5 minute)', 'singular unit for 1 only'],
    ['rate(1 minutes)', 'singular unit for 1 only'],
    ['rate(0 minutes)', 'at least 1'],
    ['rate(1.5 hours)', 'must be rate('],
    ['rate(2 weeks)', 'must be rate('],
    ['rate(5  minutes)', 'must be rate('],
    ['5 minutes', 'must be rate('],
    ['', 'must be rate('],
  ])('refuses %s', (rate, message) => {
    expect(validateRate(rate)).toContain(message);
  });
});

describe('cron expressions', () => {
  it.each([
    'cron(0 3 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(*/5 8-17 ? * MON-FRI *)',
    'cron(0 12 L * ? *)',
    'cron(0 9 15W * ? *)',
    'cron(0 18 ? * 6L 2027-2030)',
    'cron(30 6 ? * 2#1 *)',
    'cron(0 0 1 JAN,jul ? *)',
    'cron(0,30 9,17 ? * SUN *)',
  ])('accepts %s', (cron) => {
    expect(validateCron(cron)).toBe(true);
  });

  it.each([
    ['cron(0 3 * * *)', 'cron(<minutes> <hours>'],
    ['0 3 * * ? *', 'cron(<minutes> <hours>'],
    ['cron(60 3 * * ? *)', '"60" is not a valid minutes field'],
    ['cron(0 24 * * ? *)', '"24" is not a valid hours field'],
    ['cron(0 3 32 * ? *)', '"32" is not a valid day-of-month field'],
    ['cron(0 3 * 13 ? *)', '"13" is not a valid month field'],
    ['cron(0 3 ? * 8 *)', '"8" is not a valid day-of-week field'],
    ['cron(0 3 ? * FUN *)', '"FUN" is not a valid day-of-week field'],
    ['cron(0 3 * * ? 1969)', '"1969" is not a valid year field'],
    ['cron(0 3 * * * *)', 'exactly one of day-of-month and day-of-week'],
    ['cron(0 3 ? * ? *)', 'exactly one of day-of-month and day-of-week'],
    ['cron(0 ? * * ? *)', '"?" is not a valid hours field'],
    ['cron(0/0 3 * * ? *)', '"0/0" is not a valid minutes field'],
    ['cron(0 3 * * ? *', 'cron(<minutes> <hours>'],
    ['cron(0 3 1,,2 * ? *)', 'is not a valid day-of-month field'],
  ])('refuses %s', (cron, message) => {
    expect(validateCron(cron)).toContain(message);
  });
});

describe('time zones', () => {
  it.each(['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+2'])('accepts %s', (zone) => {
    expect(validateTimezone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus', 'Europe/Paris; rm', ''])('refuses "%s"', (zone) => {
    expect(validateTimezone(zone)).toContain('--timezone must be an IANA time zone');
  });

  it('refuses the legacy names Intl knows that are not Area/Location (EST5EDT, GMT0), whole', () => {
    for (const zone of ['EST5EDT', 'GMT0'])
      expect(validateTimezone(zone), zone).toBe(
        `--timezone must be a region's IANA time zone such as Europe/Paris or America/New_York, not a legacy name (got "${zone}")`,
      );
  });
});

describe('schedule expressions, at their edges (mutation testing found these untested)', () => {
  it("accepts the day fields' own forms and every bound", () => {
    for (const cron of [
      'cron(0 12 LW * ? *)',
      'cron(0 9 ? * MON#2 *)',
      'cron(0 9 ? * FRIL *)',
      'cron(0 9 ? * L *)',
      'cron(59 23 31 12 ? 2199)',
      'cron(0/1 * * * ? *)',
      'cron( 0 3 * * ? * )',
      'cron(0  3 * * ? *)',
    ]) {
      expect(validateCron(cron), cron).toBe(true);
    }
  });

  it("refuses what only looks like a field's form", () => {
    for (const cron of [
      'cron(L 3 * * ? *)',
      'cron(0 9 32W * ? *)',
      'cron(0 9 ? * 2#34 *)',
      'cron(0 9 ? * 6LX *)',
      'cron(0/5/2 * * * ? *)',
      'cron(1-2-3 * * * ? *)',
      'cron(5-70 * * * ? *)',
      'cron(0x10 * * * ? *)',
      'cron(1e1 * * * ? *)',
      'cron(+10 * * * ? *)',
      'xcron(0 3 * * ? *)',
      'cron(0 3 * * ? *)x',
      // A valid form after a prefix: the whole part must be the form (MON#2 after "MON#").
      'cron(0 9 ? * MON#2#3 *)',
      // A step JavaScript's Number reads (hexadecimal, exponent) but Scheduler does not.
      'cron(0/0x5 * * * ? *)',
      'cron(0/5e1 * * * ? *)',
    ]) {
      expect(validateCron(cron), cron).not.toBe(true);
    }
  });

  it('says exactly what a field takes, and what a rate should have been', () => {
    expect(validateCron('cron(0 9 ? * 9 *)')).toBe(
      '--cron: "9" is not a valid day-of-week field (1-7 or SUN-SAT, with , - * / ? L #; got "cron(0 9 ? * 9 *)")',
    );
    expect(validateCron('cron(61 9 * * ? *)')).toBe('--cron: "61" is not a valid minutes field (0-59, with , - * /; got "cron(61 9 * * ? *)")');
    expect(validateCron('cron(0 24 * * ? *)')).toBe('--cron: "24" is not a valid hours field (0-23, with , - * /; got "cron(0 24 * * ? *)")');
    expect(validateCron('cron(0 9 * 13 ? *)')).toBe('--cron: "13" is not a valid month field (1-12 or JAN-DEC, with , - * /; got "cron(0 9 * 13 ? *)")');
    expect(validateCron('cron(0 9 * * ? 2200)')).toBe('--cron: "2200" is not a valid year field (1970-2199, with , - * /; got "cron(0 9 * * ? 2200)")');
    for (const rate of ['xrate(5 minutes)', 'rate(5 minutes)x'])
      expect(validateRate(rate), rate).toBe(`--rate must be rate(<n> minutes|hours|days), e.g. "rate(15 minutes)" (got "${rate}")`);
    expect(validateRate('rate(5 minute)')).toBe('--rate takes the singular unit for 1 only: "rate(1 minute)", "rate(5 minutes)" (got "rate(5 minute)")');
    expect(validateRate('rate(1 hours)')).toBe('--rate takes the singular unit for 1 only: "rate(1 hour)", "rate(2 hours)" (got "rate(1 hours)")');
    expect(validateRate(undefined)).toBe('--rate must be rate(<n> minutes|hours|days), e.g. "rate(15 minutes)" (got "")');
    expect(validateCron(undefined)).toContain('(got "")');
    expect(validateTimezone(undefined)).toContain('(got "")');
  });
});
