import { sql, type Kysely } from 'kysely';
import { formatIssues, isRecord } from '../../engine/definition/definition-issue.ts';
import { parseDefinitionText } from '../../engine/definition/parse-definition.ts';
import type { StepRegistry } from '../../engine/step-registry.ts';
import type { PlanLimits } from '../../metering/plan-limits.ts';
import { Refusal } from '../../contracts/refusal.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import { AuditLog, type AuditActor } from '../../store/audit/audit-log.ts';
import type { Database } from '../../store/schema.ts';
import { computePackChecksum, readPack, type Pack } from '../load-pack.ts';
import type { PackCatalog } from '../pack-catalog.ts';
import { projectPackTrust } from '../pack-trust.ts';
import { assertPackEntitled } from '../pack-entitlements.ts';
import { applyImport, type ImportProgress, type WorkflowCheck } from './apply-import.ts';
import type { ImportPlan } from './import-plan.ts';
import { checkImportSecrets } from './import-secrets.ts';
import { importVariables } from './import-variables.ts';
import { recordImport } from './pack-origins.ts';
import { planImport } from './plan-import.ts';

export interface ImportRequest {
  workspace: { id: string; slug: string };
  /** The pack text, as read from a file, a URL or a request body. */
  text: string;
  /** Where the text came from, recorded with the import: `file:<name>`, the URL, or `api`. */
  source: string;
  /** Variable values; a function gets the parsed pack (the CLI reads `--set` against its defaults). */
  variables: Record<string, unknown> | ((pack: Pack) => Record<string, unknown>);
  activate: boolean;
  dryRun: boolean;
  /** Values of secrets the pack's workflows read, set in the import's transaction; only their names are recorded. */
  secrets?: Record<string, string>;
  /** Given secrets replace existing ones; otherwise an existing secret is kept. */
  overwriteSecrets?: boolean;
  /** Encrypts the given secrets; required when `secrets` has any. */
  secretStore?: SecretStore;
  /** Base of the endpoint URLs shown in the plan. */
  publicUrl: string;
  /** Who imports (recorded): an API key or user id, or `cli`. */
  actor: string;
  /** Who imports, for the `pack.import` audit event; default: a system actor labelled with `actor` (the CLI). */
  auditActor?: AuditActor;
  /** Refuses (402 plan_limit) an import that would activate more workflows than the plan allows. */
  limits?: PlanLimits;
  /** Proves a paid pack's identity by its publisher's signature; default: the built-in publisher only. */
  identity?: Pick<PackCatalog, 'assertIdentity'>;
  onPlan?: (plan: ImportPlan) => void;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
}

export interface ImportResult {
  plan: ImportPlan;
  /** Null for a dry run. */
  importId: string | null;
  /** The workspace's workflow id of each pack workflow (empty for a dry run). */
  workflowIds: Record<string, string>;
  /** Every stored workflow re-validated after the writes (empty for a dry run). */
  checks: WorkflowCheck[];
  /** Names of the secrets created or replaced (empty for a dry run). */
  secretsSet: string[];
}

/**
 * Reads a pack text (422 not_yaml, invalid_pack with every problem at its path, checksum_mismatch),
 * checks its publisher's signature (422 signature_invalid, pack_not_signed) and that the workspace may
 * import it (402 for a paid pack not bought), resolves the variables (422
 * naming each), checks the secret values given (422 naming each), plans (409 import_conflict) and,
 * unless a dry run, applies the plan — secrets included — in one transaction, planned again inside it,
 * so the plan applied is the one the data allows at that moment.
 */
export async function importPack(db: Kysely<Database>, registry: StepRegistry, request: ImportRequest): Promise<ImportResult> {
  const pack = readPackText(request.text, registry);
  // A pack's identity is its publisher's signature, so its price and id are the publisher's (docs/packs.md, "Paid packs").
  (request.identity ?? projectPackTrust()).assertIdentity(request.text, pack);
  await assertPackEntitled(db, request.workspace.id, pack);
  const variables = importVariables(pack, typeof request.variables === 'function' ? request.variables(pack) : request.variables);
  const secretValues = request.secrets ?? {};
  checkImportSecrets(pack, secretValues);
  if (Object.keys(secretValues).length > 0 && !request.secretStore) throw new Error('importPack: secrets were given without a secret store to write them');
  const input = {
    workspace: request.workspace,
    pack,
    checksum: pack.checksum ?? computePackChecksum(request.text),
    variables,
    activate: request.activate,
    publicUrl: request.publicUrl,
    secretsGiven: Object.keys(secretValues),
    overwriteSecrets: request.overwriteSecrets ?? false,
    limits: request.limits,
  };
  if (request.dryRun) {
    const { plan } = await planImport(db, registry, input);
    request.onPlan?.(plan);
    return { plan, importId: null, workflowIds: {}, checks: [], secretsSet: [] };
  }
  return db.transaction().execute(async (tx) => {
    // One import at a time per workspace: two at once would each plan "create" and duplicate workflows.
    await sql`select pg_advisory_xact_lock(hashtext(${`levqor:pack-import:${request.workspace.id}`}))`.execute(tx);
    const prepared = await planImport(tx, registry, input);
    request.onPlan?.(prepared.plan);
    const secrets = request.secretStore && { store: request.secretStore, values: secretValues };
    const { workflowIds, checks, secretsSet } = await applyImport(tx, registry, prepared, request.onProgress ?? (() => {}), secrets);
    const { plan } = prepared;
    const importId = await recordImport(tx, {
      workspaceId: request.workspace.id,
      packId: pack.id,
      version: pack.version,
      checksum: input.checksum,
      source: request.source,
      variables,
      changes: { tables: plan.tables.map((t) => ({ name: t.name, action: t.action, columns: t.columns.map((c) => c.name) })), workflows: plan.workflows.map((w) => ({ id: w.id, action: w.action, workflowId: workflowIds.get(w.id), active: w.active })), secretsSet },
      actor: request.actor,
    });
    // In the transaction: an import is audited exactly when it is committed.
    await new AuditLog(tx).record({
      workspaceId: request.workspace.id,
      actor: request.auditActor ?? { type: 'system', id: null, label: request.actor, ip: null, userAgent: null },
      action: 'pack.import',
      target: { type: 'pack', id: pack.id },
      details: {
        importId,
        version: pack.version,
        source: request.source,
        tables: plan.tables.map((t) => ({ name: t.name, action: t.action })),
        workflows: plan.workflows.map((w) => ({ id: w.id, action: w.action, workflowId: workflowIds.get(w.id) })),
        secretsSet,
      },
    });
    return { plan, importId, workflowIds: Object.fromEntries(workflowIds), checks, secretsSet };
  });
}

/** The pack in a text, or the reason it is none: not YAML, not a valid pack, or a wrong checksum. */
export function readPackText(text: string, registry: StepRegistry): Pack {
  const parsed = parseDefinitionText(text, 'yaml');
  if (!parsed.ok) throw new Refusal(422, 'not_yaml', `the pack is not valid YAML: ${formatIssues(parsed.errors).join('; ')}`, parsed.errors);
  if (!isRecord(parsed.value)) {
    const got = Array.isArray(parsed.value) ? 'a list' : parsed.value === null ? 'nothing' : `a ${typeof parsed.value}`;
    throw new Refusal(422, 'not_yaml', `the pack is not a YAML mapping (got ${got}; is it a web page or another file?)`, [{ path: '', message: 'a pack is a YAML mapping' }]);
  }
  const result = readPack(text, registry);
  if (result.ok) return result.pack;
  const checksum = result.errors.find((e) => e.path === 'checksum' && e.message.startsWith('does not match'));
  if (checksum) throw new Refusal(422, 'checksum_mismatch', `checksum: ${checksum.message}; get the pack again from its source`, result.errors);
  throw new Refusal(422, 'invalid_pack', `the pack is not valid (${result.errors.length} problem(s)): ${formatIssues(result.errors).join('; ')}`, result.errors);
}
