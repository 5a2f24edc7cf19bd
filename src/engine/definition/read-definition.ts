import type { WorkflowDefinition } from '../../contracts/workflow.ts';
import type { StepRegistry } from '../step-registry.ts';
import type { DefinitionIssue } from './definition-issue.ts';
import { parseDefinitionText, type DefinitionFormat } from './parse-definition.ts';
import { validateDefinition } from './validate-definition.ts';

export type ReadDefinitionResult =
  | { ok: true; definition: WorkflowDefinition; source: { text: string | null; format: DefinitionFormat | null } }
  | { ok: false; errors: DefinitionIssue[] };

/** Parses (when given text) and validates a workflow definition, keeping the original text as source. */
export function readDefinition(input: unknown, registry: StepRegistry, format?: DefinitionFormat): ReadDefinitionResult {
  let value = input;
  let source: { text: string | null; format: DefinitionFormat | null } = { text: null, format: 'json' };
  if (typeof input === 'string') {
    const parsed = parseDefinitionText(input, format);
    if (!parsed.ok) return parsed;
    value = parsed.value;
    source = { text: input, format: format ?? (input.trimStart().startsWith('{') ? 'json' : 'yaml') };
  }
  const validated = validateDefinition(value, registry);
  if (!validated.ok) return validated;
  return { ok: true, definition: validated.definition, source };
}
