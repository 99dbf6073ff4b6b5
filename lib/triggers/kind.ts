/**
 * What a kind of trigger is: how a user asks for one (its answers), how `.yo-rc.json` stores it,
 * what the README and the command's summary say of it, what its function's role may do, and what
 * its crate needs of the shared one. One module per kind under `lib/triggers/`, one line in the
 * registry (`index.ts`); its crate (handler, tests, sample events) is under `crates/`. Nothing
 * here reads the workspace's model: the model reads these.
 */
import type { Question } from '../question.js';
import type { ResourceNames } from '../naming.js';
import type { Access, EventFunction, Trigger, TriggerType, WorkspaceConfig } from '../types.js';

/** The kinds of trigger of functions not behind HTTP. */
export type EventTriggerType = Exclude<TriggerType, 'http'>;
/** The trigger of one kind. */
export type TriggerOf<K extends TriggerType> = Extract<Trigger, { type: K }>;

/** A function not behind HTTP of one kind as `.yo-rc.json` stores it. */
export type StoredFunctionOf<K extends EventTriggerType> = EventFunction & { trigger: TriggerOf<K> };

/** An answer of `function --trigger <kind>` that only that kind (or a few) has: its question, and its `--help` text without the kind's name. */
export type TriggerAnswer = Omit<Question, 'when' | 'whenNot'> & { help: string };

/** A kind of trigger of functions not behind HTTP. */
export interface EventTriggerKind<K extends EventTriggerType = EventTriggerType> {
  type: K;
  /** What a function of this kind's role may do beyond its table, whatever its options (check's iam rule). */
  roleActions: readonly string[];
  /** A few words for check's messages: "queue consumer", "scheduled job". */
  label: string;
  /** What invokes the function, in a few words (the README's Trigger column). */
  describe(fn: StoredFunctionOf<K>): string;
  /**
   * The options of `function <name> --trigger <kind>` that the covering array of options
   * (test/helpers/matrix.ts) pairs with every other option: one list of flags per variant a user
   * reaches, the first the plainest. `{resource}` stands for the workspace's resource: a variant
   * that names it needs one.
   */
  variants: readonly (readonly string[])[];
  /** What invokes it, for `--trigger`'s help: "a queue, read in batches". */
  invokedBy: string;
  /** Its answers beyond those of every function, in the order they are asked. */
  answers: readonly TriggerAnswer[];
  /** Its trigger from the answers, each checked (a UserError naming its flag). */
  fromAnswers(answers: Readonly<Record<string, string | undefined>>): TriggerOf<K>;
  /** Its trigger as `.yo-rc.json` stores it, checked as the command checks it (`where`: its place in the file). */
  fromStored(stored: Readonly<Record<string, unknown>>, where: string): TriggerOf<K>;
  /** What the command's summary says was added: "a queue consumer (lambdas/<name>/) ...". */
  added(fn: StoredFunctionOf<K>): string;
  /** What the function does, in one sentence (README, crate description); `resource` names its table's resource. */
  summary(fn: StoredFunctionOf<K>, resource: (name: string) => ResourceNames): string;
  /** The feature of aws_lambda_events that types its events, where it has one. */
  eventFeature?: string;
  /** It reads its table's stream: the table has one. */
  readsStream?: boolean;
  /** The part of the shared crate's `batch` module it uses: a queue's messages, a stream's records. */
  batch?: 'messages' | 'records';
  /**
   * Its table, where the kind reads one of its own (a stream's): the question of `--resource`,
   * the resource and access from the answers, checked against the workspace, and why a stored
   * function's resource cannot be it. Without: any resource or none, with the access asked.
   */
  table?: {
    question(config: WorkspaceConfig): Question;
    fromAnswers(config: WorkspaceConfig, name: string, resource: string | undefined, access: string | undefined): { resource: string; access: Access };
    refusesStored(fn: StoredFunctionOf<K>, resources: readonly string[]): string | undefined;
  };
}
