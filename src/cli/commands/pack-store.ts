import { sql, type Kysely } from 'kysely';
import { StepRegistry } from '../../engine/step-registry.ts';
import { formatPrice } from '../../packs/load-pack.ts';
import { PackCatalog } from '../../packs/pack-catalog.ts';
import { packTrustFrom, PackTrustError } from '../../packs/pack-trust.ts';
import type { LevqorConfig } from '../../config/config.ts';
import { grantPackEntitlement, revokePackEntitlement } from '../../packs/pack-entitlements.ts';
import type { PackCurrency } from '../../packs/pack-format.ts';
import { builtinSteps } from '../../steps/builtin-steps.ts';
import type { Database } from '../../store/schema.ts';
import { WorkspaceStore } from '../../store/workspaces/workspace-store.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { openCliDatabase } from './workspace-database.ts';

async function withDatabase<T>(use: (database: { db: Kysely<Database> }) => Promise<T>): Promise<T> {
  const database = await openCliDatabase(loadCliConfig());
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

/** The packs on offer and the trusted publishers, as the server has them (LEVQOR_PACK_*). */
export function cliPackCatalog(config: LevqorConfig): PackCatalog {
  try {
    return new PackCatalog(new StepRegistry(builtinSteps), { trust: packTrustFrom(config.packs), storeDir: config.packs.storeDir });
  } catch (error) {
    if (error instanceof PackTrustError) throw new CliError(error.message, 1);
    throw error;
  }
}

export const packGrantCommand: Command = {
  name: 'pack grant',
  summary: 'Let a workspace import a paid pack (or withdraw it with --revoke)',
  help: `Usage: levqor pack grant <pack-id> --workspace <slug> [--revoke] [--by NAME]

Grants a workspace the right to import and download a paid pack without a purchase (an operator's
decision: a refund, a trial, a partner). --revoke withdraws it; imports already made stay. Every grant
and revocation is recorded (levqor pack report). Free packs need no grant.
Options:
  --workspace SLUG  The workspace (required)
  --revoke          Withdraw the entitlement instead
  --by NAME         Who decided, for the record (default: the system user name)`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('pack grant', args, { workspace: { type: 'string' }, revoke: { type: 'boolean' }, by: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new CliError('give exactly one pack id: levqor pack grant <pack-id> --workspace <slug>');
    if (!values.workspace) throw new CliError('--workspace <slug> is required');
    const catalog = cliPackCatalog(loadCliConfig()).entries();
    const pack = catalog.get(positionals[0]);
    if (!pack) throw new CliError(`pack "${positionals[0]}" does not exist; the packs are: ${[...catalog.keys()].join(', ')}`);
    const actor = `operator:${values.by ?? process.env.USER ?? 'cli'}`;
    return withDatabase(async ({ db }) => {
      const workspace = await new WorkspaceStore(db).findBySlug(values.workspace!);
      if (!workspace) throw new CliError(`workspace "${values.workspace}" does not exist`);
      const input = { workspaceId: workspace.id, packId: pack.pack.id, actor };
      if (values.revoke) {
        const revoked = await revokePackEntitlement(db, input);
        console.log(revoked ? `revoked: ${workspace.slug} may no longer import ${pack.pack.id}` : `${workspace.slug} held no entitlement to ${pack.pack.id}; nothing changed`);
        return 0;
      }
      if (pack.pack.price.amount === 0) console.log(`note: ${pack.pack.id} is free; every workspace may import it`);
      const granted = await grantPackEntitlement(db, { ...input, source: 'grant' });
      console.log(granted ? `granted: ${workspace.slug} may import ${pack.pack.id}` : `${workspace.slug} already holds ${pack.pack.id}; nothing changed`);
      return 0;
    });
  },
};

export const packReportCommand: Command = {
  name: 'pack report',
  summary: 'Purchases, revenue, grants and downloads per pack',
  help: `Usage: levqor pack report [--since YYYY-MM-DD]

Prints, per pack, the purchases and their revenue, grants, revocations and downloads recorded since the
given day (default: all time), across all workspaces.`,
  async run(args) {
    const { values } = parseCommandArgs('pack report', args, { since: { type: 'string' } }, false);
    const since = values.since ?? '1970-01-01';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(`${since}T00:00:00Z`))) throw new CliError('--since must be a date like 2026-11-01');
    return withDatabase(async ({ db }) => {
      const rows = await db
        .selectFrom('pack_events')
        .select(['pack_id', 'kind', 'currency', sql<string>`count(*)::text`.as('n'), sql<string>`coalesce(sum(amount), 0)::text`.as('amount')])
        .where('created_at', '>=', new Date(`${since}T00:00:00Z`))
        .groupBy(['pack_id', 'kind', 'currency'])
        .orderBy('pack_id')
        .execute();
      if (rows.length === 0) {
        console.log(`no pack purchases, grants or downloads since ${since}`);
        return 0;
      }
      const packs = new Map<string, { purchase: number; grant: number; revoke: number; download: number; revenue: string[] }>();
      for (const row of rows) {
        const entry = packs.get(row.pack_id) ?? { purchase: 0, grant: 0, revoke: 0, download: 0, revenue: [] };
        entry[row.kind] += Number(row.n);
        if (row.kind === 'purchase' && row.currency) entry.revenue.push(formatPrice({ amount: Number(row.amount), currency: row.currency as PackCurrency }));
        packs.set(row.pack_id, entry);
      }
      console.log(`pack events since ${since}:`);
      for (const [id, e] of packs) {
        console.log(`  ${id}: ${e.purchase} purchase(s)${e.revenue.length ? ` (${e.revenue.join(' + ')})` : ''}, ${e.grant} grant(s), ${e.revoke} revocation(s), ${e.download} download(s)`);
      }
      return 0;
    });
  },
};
