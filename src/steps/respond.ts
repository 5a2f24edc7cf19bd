import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';
import { httpUrl } from './http.ts';

export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;

/**
 * Headers a respond step may not set. Its answer is served on Levqor's own origin: a cookie would land
 * beside the session's, and a Location would make our address an open redirect unless declared.
 */
const REFUSED_HEADERS: Record<string, string> = {
  'set-cookie': 'a respond step cannot set cookies: its answer is served on the Levqor origin; return the value in the body instead',
  'set-cookie2': 'a respond step cannot set cookies: its answer is served on the Levqor origin; return the value in the body instead',
  location: 'a Location header is not allowed; to redirect the caller, declare the target with `redirect: <url>` (status 302 unless given)',
};

/** What HTTP allows (RFC 9110 token; field values without line breaks or control characters). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Whether Node can send the header at all (it throws on anything else, mid-answer). */
export function isSendableHeader(name: string, value: unknown): boolean {
  return HEADER_NAME.test(name) && typeof value === 'string' && HEADER_VALUE.test(value);
}

function headerProblem(name: string, value: string): string | undefined {
  if (!HEADER_NAME.test(name)) return 'not a valid header name: use letters, digits and dashes, e.g. x-lead-id';
  if (!HEADER_VALUE.test(value)) return 'the value holds a line break or a control character, which a header cannot carry';
  return REFUSED_HEADERS[name.toLowerCase()];
}

const headers = z.record(z.string(), z.string()).superRefine((value, ctx) => {
  for (const [name, headerValue] of Object.entries(value)) {
    const problem = headerProblem(name, headerValue);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
  }
});

const schema = z
  .strictObject({
    status: z.number().int().min(100).max(599).optional(),
    headers: headers.default({}),
    body: z.unknown().optional(),
    /** The one way to send a redirect: a 3xx status and Location, both declared by the workflow. */
    redirect: httpUrl.optional(),
  })
  .superRefine((value, ctx) => {
    const redirectStatus = value.status !== undefined && value.status >= 300 && value.status < 400;
    if (value.redirect === undefined && redirectStatus) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `status ${value.status} redirects; declare the target with \`redirect: <url>\` to redirect the caller, or use a 2xx, 4xx or 5xx status` });
    }
    if (value.redirect !== undefined && value.status !== undefined && !(REDIRECT_STATUSES as readonly number[]).includes(value.status)) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `with \`redirect\` the status must be ${REDIRECT_STATUSES.join(', ')} (302 if left out)` });
    }
  })
  .transform((value) => ({ ...value, status: value.status ?? (value.redirect === undefined ? 200 : 302) }));

export const respondStep: StepType<z.output<typeof schema>> = {
  type: 'respond',
  description: 'Answer a sync webhook caller with a status, headers and body, or a declared redirect; the run may go on afterwards.',
  sideEffect: false,
  schema,
  async run(input) {
    const response = { status: input.status, headers: input.headers, body: input.body ?? null, ...(input.redirect === undefined ? {} : { redirect: input.redirect }) };
    return { output: response, respond: response };
  },
};
