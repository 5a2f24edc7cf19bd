import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.ts';

export type CatalogPack = paths['/api/packs']['get']['responses'][200]['content']['application/json']['items'][number];
export type ImportBody = NonNullable<paths['/api/v1/packs/import']['post']['requestBody']>['content']['application/json'];
export type ImportResult = paths['/api/v1/packs/import']['post']['responses'][200]['content']['application/json'];

export function usePackCatalog() {
  return useQuery({ queryKey: ['packs'], queryFn: async () => unwrap(await api.GET('/api/packs')) });
}

/** The pack file of the catalog, through a signed download link (paid packs need an entitlement). */
export async function downloadPackText(id: string): Promise<string> {
  const link = unwrap(await api.POST('/api/v1/packs/{id}/download-link', { params: { path: { id } } }));
  const query = Object.fromEntries(new URL(link.url).searchParams);
  return unwrap(await api.GET('/api/packs/{id}/download', { params: { path: { id }, query }, parseAs: 'text' })) as string;
}

/** Dry run (the plan only) or the import itself. */
export async function importPack(body: ImportBody): Promise<ImportResult> {
  return unwrap(await api.POST('/api/v1/packs/import', { body }));
}
