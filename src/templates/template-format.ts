import { z } from 'zod';

/** The six catalog categories (issue 5). */
export const TEMPLATE_CATEGORIES = ['lead_capture', 'customer_support', 'reporting', 'data_sync', 'notifications', 'sales_automation'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

const varName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'must start with a letter or "_" and hold only letters, digits and "_"' });
const secretName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, { error: 'must be upper-case letters, digits and "_", starting with a letter (e.g. CRM_TOKEN)' });
const description = z.string().min(1).max(1000);

export const templateVarSchema = z.strictObject({
  name: varName,
  description,
  required: z.boolean().default(false),
  default: z.unknown().optional(),
  example: z.unknown().optional(),
});

export const templateSecretSchema = z.strictObject({ name: secretName, description });

/**
 * A data table the workflow needs; install creates it when the workspace has none of that name. The
 * name and columns are checked with the tables' own rules (src/tables/columns.ts) by the loader.
 */
export const templateTableSchema = z.strictObject({
  name: z.string(),
  description: description.optional(),
  columns: z.array(z.unknown()).min(1),
});

/** One template file: metadata, declared inputs and the workflow definition (validated separately). */
export const templateFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, { error: 'must be lower-case letters, digits and "-", starting with a letter' }),
  name: z.string().min(1).max(120),
  category: z.enum(TEMPLATE_CATEGORIES),
  tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'tags are lower-case words with "-"' })).max(20).default([]),
  description: z.string().min(1).max(5000),
  inputs: z
    .strictObject({
      vars: z.array(templateVarSchema).default([]),
      secrets: z.array(templateSecretSchema).default([]),
    })
    .default({ vars: [], secrets: [] }),
  tables: z.array(templateTableSchema).default([]),
  workflow: z.record(z.string(), z.unknown()),
});

export type TemplateVar = z.infer<typeof templateVarSchema>;
export type TemplateSecret = z.infer<typeof templateSecretSchema>;
export type TemplateFile = z.infer<typeof templateFileSchema>;
