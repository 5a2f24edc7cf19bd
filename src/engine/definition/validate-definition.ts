import { Cron } from 'croner';
import { workflowSchema, type WorkflowDefinition } from '../../contracts/workflow.ts';
import type { StepRegistry } from '../step-registry.ts';
import { checkTemplateSyntax } from '../expressions/index.ts';
import { isRecord, type DefinitionIssue } from './definition-issue.ts';
import { humanErrorMap, toDefinitionIssues } from './zod-issues.ts';
import { checkStepList } from './check-steps.ts';
import { checkVarsSecrets } from './check-secrets.ts';

export type { DefinitionIssue } from './definition-issue.ts';
export { formatIssues } from './definition-issue.ts';

export type ValidateDefinitionResult = { ok: true; definition: WorkflowDefinition } | { ok: false; errors: DefinitionIssue[] };

function checkSchedule(trigger: Record<string, unknown>): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  if (typeof trigger.cron === 'string' && trigger.cron.trim() !== '') {
    try {
      new Cron(trigger.cron);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern:\s*/, '');
      issues.push({ path: 'trigger.cron', message: `invalid cron expression: ${reason}` });
    }
  }
  if (typeof trigger.timezone === 'string') {
    try {
      new Intl.DateTimeFormat('en', { timeZone: trigger.timezone });
    } catch {
      issues.push({ path: 'trigger.timezone', message: `unknown time zone "${trigger.timezone}"; use an IANA name like "Europe/London"` });
    }
  }
  return issues;
}

/** Top-level steps are checked one by one (like nested ones), so their schema issues are left out here. */
function isInsideStep(path: readonly PropertyKey[]): boolean {
  return path[0] === 'steps' && typeof path[1] === 'number';
}

/**
 * Checks a parsed definition completely and returns every problem found, each with its path.
 * On success returns the definition with defaults applied; `with` values stay raw (templates resolve at run time).
 */
export function validateDefinition(input: unknown, registry: StepRegistry): ValidateDefinitionResult {
  const parsed = workflowSchema.safeParse(input, { error: humanErrorMap });
  const issues = parsed.success ? [] : toDefinitionIssues(parsed.error.issues, '', isInsideStep);

  if (isRecord(input)) {
    if (isRecord(input.trigger) && input.trigger.type === 'schedule') issues.push(...checkSchedule(input.trigger));
    if (isRecord(input.vars)) issues.push(...checkTemplateSyntax(input.vars, 'vars'), ...checkVarsSecrets(input.vars, registry));
    if (Array.isArray(input.steps)) checkStepList(input.steps, 'steps', { registry, issues, seenIds: new Map() });
  }

  if (!parsed.success && issues.length === 0) issues.push(...toDefinitionIssues(parsed.error.issues, ''));
  if (!parsed.success || issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, definition: parsed.data };
}
