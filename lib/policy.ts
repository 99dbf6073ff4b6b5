/**
 * The default policy block (see `Policy` in types.ts): the one place that knows the throttling,
 * log retention, tags and name prefix every flavour applies unless the workspace says otherwise.
 */
import type { Policy } from './types.js';

export const DEFAULT_POLICY: Policy = {
  throttling: { rateLimit: 100, burstLimit: 200 },
  logRetentionDays: 30,
  tags: {},
  namePrefix: '',
};

/** Log retentions CloudWatch accepts, in days (the values of the CDK's `RetentionDays`). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** A stored policy, merged over the defaults and checked; a message naming the key otherwise. */
export function policyFromStored(stored: unknown, where: string): Policy {
  if (stored === undefined) return structuredClone(DEFAULT_POLICY);
  if (!stored || typeof stored !== 'object') throw new Error(`${where}: policy must be an object`);
  const s = stored as Partial<Policy>;
  const policy: Policy = {
    throttling: { ...DEFAULT_POLICY.throttling, ...(s.throttling ?? {}) },
    logRetentionDays: s.logRetentionDays ?? DEFAULT_POLICY.logRetentionDays,
    tags: { ...(s.tags ?? {}) },
    namePrefix: s.namePrefix ?? DEFAULT_POLICY.namePrefix,
  };
  const { rateLimit, burstLimit } = policy.throttling;
  if (!Number.isInteger(rateLimit) || rateLimit < 1 || !Number.isInteger(burstLimit) || burstLimit < 1) {
    throw new Error(`${where}: policy.throttling needs whole numbers of at least 1 (rateLimit, burstLimit)`);
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(policy.logRetentionDays)) {
    throw new Error(`${where}: policy.logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  if (Object.entries(policy.tags).some(([k, v]) => typeof v !== 'string' || !/^[\w .:/=+@-]{1,128}$/.test(k))) {
    throw new Error(`${where}: policy.tags must map tag keys (letters, digits, spaces, _ . : / = + - @) to strings`);
  }
  if (policy.namePrefix !== '' && !/^[a-z][a-z0-9-]{0,9}-$/.test(policy.namePrefix)) {
    throw new Error(`${where}: policy.namePrefix must be lowercase kebab-case of at most 11 characters, ending with "-" (e.g. "acme-")`);
  }
  return policy;
}

/** The policy as `.yo-rc.json` stores it: only what differs from the defaults, or nothing. */
export function storedPolicy(policy: Policy): Partial<Policy> | undefined {
  const out: Partial<Policy> = {};
  if (JSON.stringify(policy.throttling) !== JSON.stringify(DEFAULT_POLICY.throttling)) out.throttling = policy.throttling;
  if (policy.logRetentionDays !== DEFAULT_POLICY.logRetentionDays) out.logRetentionDays = policy.logRetentionDays;
  if (Object.keys(policy.tags).length) out.tags = policy.tags;
  if (policy.namePrefix !== DEFAULT_POLICY.namePrefix) out.namePrefix = policy.namePrefix;
  return Object.keys(out).length ? out : undefined;
}
