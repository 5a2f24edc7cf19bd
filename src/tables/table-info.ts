import type { ColumnDef } from './columns.ts';

export interface TableInfo {
  id: string;
  name: string;
  columns: ColumnDef[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toTableInfo(r: { id: string; name: string; columns: ColumnDef[]; version: number; created_at: Date; updated_at: Date }): TableInfo {
  return { id: r.id, name: r.name, columns: r.columns, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}
