import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { formatIssues } from '../../engine/definition/definition-issue.ts';
import { StepRegistry } from '../../engine/step-registry.ts';
import { canonicalPackText, readPack } from '../../packs/load-pack.ts';
import { privateKeyFrom, PUBLISHER_NAME, publicKeyText, signPackText } from '../../packs/pack-signature.ts';
import { builtinSteps } from '../../steps/builtin-steps.ts';
import { CliError, parseCommandArgs, type Command } from '../command.ts';

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function publisherName(value: string | undefined): string {
  if (!value) throw new CliError('--publisher NAME is required (lower-case letters, digits and "-")');
  if (!PUBLISHER_NAME.test(value)) throw new CliError(`--publisher "${value}" must be lower-case letters, digits and "-", starting with a letter`);
  return value;
}

export const packKeygenCommand: Command = {
  name: 'pack keygen',
  summary: 'Make an Ed25519 key pair for signing packs',
  help: `Usage: levqor pack keygen --out FILE --publisher NAME

Writes a new Ed25519 private key (PEM, readable by you only) to FILE, which must not exist, and prints
its public key with the setting that makes an installation trust it. Keep the private key out of any
repository: the pack store reads it from LEVQOR_PACK_SIGNING_KEY_FILE (docs/packs.md, "Signed packs").`,
  async run(args) {
    const { values } = parseCommandArgs('pack keygen', args, { out: { type: 'string' }, publisher: { type: 'string' } }, false);
    const publisher = publisherName(values.publisher);
    if (!values.out) throw new CliError('--out FILE is required: where the private key is written');
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      await writeFile(values.out, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      throw new CliError(`cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'it exists (a key is never overwritten)' : (error as Error).message}`);
    }
    const key = publicKeyText(privateKey);
    console.log(`private key: ${values.out}\npublic key: ${key}\ntrust it with: LEVQOR_PACK_PUBLISHERS=${publisher}=${key}\nsign with: LEVQOR_PACK_SIGNING_KEY_FILE=${values.out} LEVQOR_PACK_PUBLISHER=${publisher}`);
    return 0;
  },
};

export const packSignCommand: Command = {
  name: 'pack sign',
  summary: "Sign a pack file with a publisher's key",
  help: `Usage: levqor pack sign <file> --key FILE --publisher NAME [--out FILE]

Checks the pack (as pack validate) and writes it with its signature line set —
"signature: ed25519:<publisher>:<signature>" over the canonical text the checksum covers — to --out, or
to standard output. Pre-signed paid packs in the store directory need no signing key on the server.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('pack sign', args, { key: { type: 'string' }, publisher: { type: 'string' }, out: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new CliError('give exactly one pack file: levqor pack sign <file> --key FILE --publisher NAME');
    const publisher = publisherName(values.publisher);
    if (!values.key) throw new CliError('--key FILE is required: the publisher\'s private key (PEM, from levqor pack keygen)');
    const key = privateKeyFrom(await readText(values.key, 'key'));
    if (typeof key === 'string') throw new CliError(`--key ${values.key} ${key}`);
    const text = await readText(positionals[0], 'pack');
    const result = readPack(text, new StepRegistry(builtinSteps));
    if (!result.ok) throw new CliError(`${positionals[0]}: ${result.errors.length} problem(s)\n${formatIssues(result.errors).map((l) => `  ${l}`).join('\n')}`, 1);
    const signed = signPackText(canonicalPackText(text), text, publisher, key);
    if (values.out) await writeFile(values.out, signed);
    else process.stdout.write(signed);
    return 0;
  },
};
