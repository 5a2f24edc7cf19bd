import type { TemplateDetail } from './useTemplates.ts';

type Var = TemplateDetail['inputs']['vars'][number];

/** The form field of a var: `vars.NAME`, the path the server's errors name. */
export const varField = (name: string) => `vars.${name}`;
export { secretField } from '../../components/serverFieldErrors.ts';

/** A var's typed value: JSON when the template's default or example is not text (a number, a list…), else the text. */
export function varValue(input: string, declared: Pick<Var, 'default' | 'example'>): unknown {
  const sample = declared.default ?? declared.example;
  if (sample === undefined || typeof sample === 'string') return input;
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

/** The text as a sentence: ending in a full stop unless it has its own punctuation. */
export const sentence = (text: string) => (/[.!?)]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export function varHint(declared: Var): string {
  const parts = [sentence(declared.description)];
  if (declared.default !== undefined) parts.push(`Leave empty for ${JSON.stringify(declared.default)}.`);
  else if (declared.required) parts.push('Required.');
  if (declared.example !== undefined) parts.push(`For example: ${typeof declared.example === 'string' ? declared.example : JSON.stringify(declared.example)}`);
  return parts.join(' ');
}
