import type { TriggerDefinition } from '../../contracts/workflow.ts';

type FormTrigger = Extract<TriggerDefinition, { type: 'form' }>;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain HTML page for a form trigger; it posts back to the same URL. */
export function renderForm(trigger: FormTrigger, workflowName: string, action: string): string {
  const fields = trigger.fields
    .map((f) => {
      const label = escape(f.label ?? f.name);
      const required = f.required ? ' required' : '';
      const input =
        f.type === 'textarea'
          ? `<textarea name="${escape(f.name)}"${required}></textarea>`
          : `<input type="${f.type}" name="${escape(f.name)}"${f.type === 'checkbox' ? ' value="true"' : ''}${required}>`;
      return `<label>${label}<br>${input}</label>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(trigger.title ?? workflowName)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto}label{display:block;margin:1rem 0}input,textarea{width:100%}</style>
</head><body><h1>${escape(trigger.title ?? workflowName)}</h1>
<form method="post" action="${escape(action)}">
${fields}
<button type="submit">Send</button>
</form></body></html>`;
}
