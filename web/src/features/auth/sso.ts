/** The page the API's sign-in returns to (src/server/routes/sso.ts SSO_RESULT_PAGE). */
export const SSO_RESULT_PATH = '/sso/complete';

/**
 * The API's start of a single sign-on into `workspace`; afterwards the browser lands on the result page,
 * which remembers the workspace (the session is confined to it) and goes on to `next`.
 */
export function ssoStartUrl(workspace: string, next: string): string {
  const landing = `${SSO_RESULT_PATH}?${new URLSearchParams({ workspace, next })}`;
  return `/api/v1/auth/sso/${encodeURIComponent(workspace)}/start?${new URLSearchParams({ redirect: landing })}`;
}
