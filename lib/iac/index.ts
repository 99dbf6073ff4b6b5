/**
 * The registry of infrastructure-as-code flavours: one line per flavour. The compiler refuses a
 * flavour of `IAC_IDS` (types.ts) without its line here.
 */
import type { Iac } from '../types.js';
import { cdk } from './cdk/index.js';
import type { Flavour } from './flavour.js';
import { sam } from './sam/index.js';
import { pulumi } from './pulumi/index.js';
import { terraform } from './terraform/index.js';

export const FLAVOURS = { cdk, sam, terraform, pulumi } as const satisfies Record<Iac, Flavour>;

export function flavourOf(iac: Iac): Flavour {
  return FLAVOURS[iac];
}
