/**
 * A generated file, declared as data: where it goes, what renders it, and how a later addition
 * (a route, a resource) treats it. `planAddition` (workspace.ts) reads the strategy; nothing else
 * keeps a list of which files an addition rewrites.
 */
import type { Model } from './model.js';
import type { Route } from './types.js';

/** What an addition changes: the model before and after, and what it adds. */
export interface Addition {
  before: Model;
  after: Model;
  routes: Route[];
  resources: string[];
  /** Names of the functions not behind HTTP that the addition adds. */
  functions?: readonly string[];
  /** The command that makes the addition, for comments in the files it edits. */
  command: string;
}

export type UpdateStrategy =
  /** Written when first produced (a crate, a route's Terraform file); an addition never rewrites it. */
  | { kind: 'new' }
  /**
   * Rendered from the configuration: replaced by an addition while it is exactly as the previous
   * configuration renders it. When the user edited it, `otherwise` (if any) edits it in place
   * instead; without `otherwise`, the run stops (or `--force` overwrites).
   */
  | { kind: 'regenerate'; otherwise?: (current: string, addition: Addition) => string }
  /** The user's file, edited in place through a parser; everything else in it stays. */
  | { kind: 'edit'; apply: (current: string, addition: Addition) => string }
  /** The user's file, of which the generator owns only the text between two markers. */
  | { kind: 'markers'; start: string; end: string; section: (model: Model) => string };

export interface FileSpec {
  /** Destination, relative to the workspace root. */
  path: string;
  /** Template under `templates/`, rendered with `data`... */
  template?: string;
  data?: Record<string, unknown>;
  /** ...or the contents, built in code (a function: built only when the file is rendered). */
  contents?: string | (() => string);
  /** Written as built, without a formatter (files whose own serializer is their format). */
  raw?: boolean;
  /**
   * Rendered as its formatter would print it (blank lines tidied): no formatter runs. Only for a
   * template whose text is prettier's for every value it can be given: test/unit/formatted.test.ts
   * holds every such file to prettier across the options.
   */
  formatted?: boolean;
  update: UpdateStrategy;
}

export const NEW = { kind: 'new' } as const satisfies UpdateStrategy;
export const REGENERATE = { kind: 'regenerate' } as const satisfies UpdateStrategy;
