/**
 * Stages: one deployment of the workspace per stage (`dev`, `prod`, ...) side by side in one
 * account. The stage is chosen when deploying, not when generating: every flavour takes it as an
 * input (CDK context, SAM parameter, Terraform variable) and puts it in every physical name.
 */

/** The stage a deploy targets when none is given. */
export const DEFAULT_STAGE = 'dev';
/** The stages the generated deploy configuration names (SAM config environments, Terraform var files). */
export const STAGES = ['dev', 'prod'] as const;
/** Longest stage name: `<project>-<stage>-<function>` must fit Lambda's 64 characters. */
export const MAX_STAGE_NAME = 8;
/** What a stage name may be, in the regular-expression syntax every flavour's validation shares. */
export const STAGE_PATTERN = `^[a-z][a-z0-9]{0,${MAX_STAGE_NAME - 1}}$`;
/** The error of a stage name that does not match STAGE_PATTERN. */
export const STAGE_RULE = `1 to ${MAX_STAGE_NAME} lowercase letters and digits, starting with a letter`;
