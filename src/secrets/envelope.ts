import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM sealing used for every encrypted value Levqor stores: workspace data keys (wrapped by the
 * master key) and secret values (encrypted with their workspace's data key).
 *
 * Sealed text: base64 of `version (1 byte, 1) ‖ IV (12 random bytes) ‖ auth tag (16) ‖ ciphertext`. The
 * associated data binds a value to where it belongs (`<workspace id>` for a wrapped data key,
 * `<workspace id>:<NAME>` for a secret), so a value copied to another workspace or name does not decrypt.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** The value was not sealed with this key and associated data, or was altered. */
export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptError';
  }
}

export function seal(key: Buffer, plaintext: Buffer | string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Throws `DecryptError` when the key or the associated data do not match, or the text was altered. */
export function open(key: Buffer, sealed: string, aad: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) {
    throw new DecryptError(`not a sealed value of format version ${VERSION}`);
  }
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptError('authentication failed: wrong key, sealed for another workspace or name, or altered');
  }
}

/** Associated data of a workspace's wrapped data key. */
export const dataKeyAad = (workspaceId: string) => workspaceId;
/** Associated data of a secret value. */
export const secretAad = (workspaceId: string, name: string) => `${workspaceId}:${name}`;

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function wrapDataKey(masterKey: Buffer, workspaceId: string, dataKey: Buffer): string {
  return seal(masterKey, dataKey, dataKeyAad(workspaceId));
}

export function unwrapDataKey(masterKey: Buffer, workspaceId: string, wrapped: string): Buffer {
  const key = open(masterKey, wrapped, dataKeyAad(workspaceId));
  if (key.length !== KEY_BYTES) throw new DecryptError(`the data key of workspace ${workspaceId} has ${key.length} bytes, not ${KEY_BYTES}`);
  return key;
}

export function encryptSecret(dataKey: Buffer, workspaceId: string, name: string, value: string): string {
  return seal(dataKey, value, secretAad(workspaceId, name));
}

export function decryptSecret(dataKey: Buffer, workspaceId: string, name: string, sealed: string): string {
  return open(dataKey, sealed, secretAad(workspaceId, name)).toString('utf8');
}

/**
 * Public identifier of a master key (16 hex digits of an HMAC of the key): stored beside what the key
 * wraps, shown in messages, never enough to recover the key.
 */
export function masterKeyId(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update('levqor master key id').digest('hex').slice(0, 16);
}
