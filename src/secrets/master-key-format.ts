/** How a master key is written: `LEVQOR_MASTER_KEY` and the key file. No imports: config.ts uses it. */
export const MASTER_KEY_FORMAT = '64 hex digits or the base64 of 32 bytes (generate one with: openssl rand -hex 32)';

/** The 32-byte key in `text` (64 hex digits, or standard or URL-safe base64 of 32 bytes), else undefined. */
export function parseMasterKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}

/** The form Levqor writes and prints keys in: 64 lower-case hex digits. */
export function formatMasterKey(key: Buffer): string {
  return key.toString('hex');
}
