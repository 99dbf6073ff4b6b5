/** The shape of a question every command asks: by its flag, a prompt, the preset layer or its default. */
import type { Validation } from './validation.js';

/** A question of a generator, answered by its flag, a prompt, the preset layer or its default. */
export interface Question {
  /** Option that answers it, e.g. `memory` for `--memory`. */
  flag: string;
  message: string;
  type: 'input' | 'select';
  choices?: { name: string; value: string; disabled?: string | boolean }[];
  default: string | ((answers: Record<string, string>) => string);
  /** Whether an answer is valid, given the answers before it (when known). */
  validate?: (value: string, answers?: Record<string, string>) => Validation;
  /** Without a terminal, an optional question takes its default instead of stopping the run. */
  optional?: boolean;
  /** Asked only when this holds for the answers before it; its flag is refused otherwise. */
  when?: (answers: Record<string, string>) => boolean;
  /** Why its flag is refused when `when` does not hold. */
  whenNot?: string;
}
