import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a download link works unless configured otherwise. */
export const DEFAULT_LINK_TTL_MS = 15 * 60_000;

export interface DownloadGrant {
  packId: string;
  version: string;
  workspaceId: string;
  /** Unix milliseconds after which the link no longer works. */
  expires: number;
}

export type LinkCheck = { ok: true; grant: DownloadGrant } | { ok: false; code: 'invalid_signature' | 'link_expired'; message: string };

function signature(key: Buffer, g: DownloadGrant): string {
  // Fields joined by a separator none of them can contain (ids are slugs/uuids, versions semver).
  return createHmac('sha256', key).update(`pack-download\n${g.packId}\n${g.version}\n${g.workspaceId}\n${g.expires}`).digest('base64url');
}

/** The query string of a signed link: who may download which pack version until when. */
export function signDownload(key: Buffer, grant: DownloadGrant): URLSearchParams {
  return new URLSearchParams({ version: grant.version, workspace: grant.workspaceId, expires: String(grant.expires), signature: signature(key, grant) });
}

/** Checks a link's signature (constant time) and then its expiry. */
export function verifyDownload(key: Buffer, packId: string, query: Record<string, string | undefined>, now: number): LinkCheck {
  const expires = Number(query.expires);
  const { version, workspace, signature: given } = query;
  if (!version || !workspace || !given || !Number.isSafeInteger(expires)) {
    return { ok: false, code: 'invalid_signature', message: 'the download link is incomplete: it needs version, workspace, expires and signature; ask for a new link' };
  }
  const grant = { packId, version, workspaceId: workspace, expires };
  const expected = Buffer.from(signature(key, grant));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, code: 'invalid_signature', message: 'the download link was altered or was not issued by this server; ask for a new link (POST /api/v1/packs/{id}/download-link)' };
  }
  if (now > expires) {
    return { ok: false, code: 'link_expired', message: `the download link expired at ${new Date(expires).toISOString()}; ask for a new one (POST /api/v1/packs/${packId}/download-link)` };
  }
  return { ok: true, grant };
}
