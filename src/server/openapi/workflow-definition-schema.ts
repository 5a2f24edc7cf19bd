/** The workflow definition's JSON Schema for the OpenAPI document, generated from the contract itself. */
import { z } from 'zod';
import { workflowSchema } from '../../contracts/workflow.ts';

// `io: 'input'`: what a client sends, where fields with defaults may be left out.
export const workflowDefinitionJsonSchema: Record<string, unknown> = (() => {
  const { $schema: _, ...schema } = z.toJSONSchema(workflowSchema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, description: 'A workflow definition: its trigger and steps (docs/workflows.md)' };
})();
