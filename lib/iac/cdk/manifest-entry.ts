/** An entry of the CDK manifest's lists of functions not behind HTTP: what every one has. */
import type { EventFunctionModel } from '../../model.js';

/** The manifest's lists of functions not behind HTTP, in the order the manifest has them. */
export const MANIFEST_GROUPS = ['consumers', 'schedules', 'rules', 'buckets', 'streams'] as const;
export type ManifestGroup = (typeof MANIFEST_GROUPS)[number];
/** An entry of one of the lists, which the stack loops over. */
export type ManifestEntry = [ManifestGroup, Record<string, unknown>];

/** A function's table, actions and sizing in the manifest. */
export function functionSizing(fn: EventFunctionModel) {
  return {
    ...(fn.resource ? { resource: fn.resource } : {}),
    actions: fn.actions,
    ...(fn.memory !== undefined ? { memorySize: fn.memory } : {}),
    ...(fn.timeout !== undefined ? { timeoutSeconds: fn.timeout } : {}),
  };
}
