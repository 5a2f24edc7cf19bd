import type { TriggerDefinition } from '../../contracts/workflow.ts';

type FormTrigger = Extract<TriggerDefinition, { type: 'form' }>;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The message of a thank-you page when the trigger declares none. */
export const DEFAULT_THANK_YOU = 'Thank you: your answer was received.';

const PAGE_STYLE = '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto}label{display:block;margin:1rem 0}input,textarea{width:100%}p{white-space:pre-line}</style>';

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title>
${PAGE_STYLE}
</head><body><h1>${escape(title)}</h1>
${body}
</body></html>`;
}

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
  return page(trigger.title ?? workflowName, `<form method="post" action="${escape(action)}">
${fields}
<button type="submit">Send</button>
</form>`);
}

/**
 * The page a browser sees after sending a form: the trigger's message (as text: the tenant's words are
 * never markup) and a link back to the empty form.
 */
export function renderThankYou(trigger: FormTrigger, workflowName: string, formUrl: string): string {
  const message = trigger.thankYou?.message ?? DEFAULT_THANK_YOU;
  return page(trigger.title ?? workflowName, `<p>${escape(message)}</p>
<p><a href="${escape(formUrl)}">Send another answer</a></p>`);
}
