import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type PackEntitlementSource = 'grant' | 'purchase';
export type PackEventKind = 'grant' | 'revoke' | 'purchase' | 'download';

/** Migration 012: who may import which paid pack, and the record of grants, purchases and downloads. */
export interface PackTables {
  pack_entitlements: {
    workspace_id: string;
    pack_id: string;
    source: PackEntitlementSource;
    granted_by: string;
    created_at: Timestamp;
    revoked_at: NullableTimestamp;
  };
  pack_events: {
    id: string;
    workspace_id: string;
    pack_id: string;
    pack_version: string | null;
    kind: PackEventKind;
    actor: string;
    reference: string | null;
    amount: number | null;
    currency: string | null;
    created_at: Timestamp;
  };
}
