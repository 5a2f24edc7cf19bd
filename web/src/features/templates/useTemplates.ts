import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.ts';

type ListQuery = NonNullable<paths['/api/templates']['get']['parameters']['query']>;
export type TemplateDetail = paths['/api/templates/{id}']['get']['responses'][200]['content']['application/json'];
export type TemplateSummary = paths['/api/templates']['get']['responses'][200]['content']['application/json']['items'][number];

const PAGE = 100;

/** The public catalog, filtered by category and free text (the catalog is small: one page of 100 holds it). */
export function useTemplates(category: string | null, q: string) {
  const query: ListQuery = { limit: PAGE, ...(category ? { category: category as ListQuery['category'] } : {}), ...(q.trim() ? { q: q.trim() } : {}) };
  return useQuery({
    queryKey: ['templates', query],
    queryFn: async () => unwrap(await api.GET('/api/templates', { params: { query } })),
    placeholderData: (previous) => previous,
  });
}

export function useTemplate(id: string) {
  return useQuery({
    queryKey: ['template', id],
    queryFn: async () => unwrap(await api.GET('/api/templates/{id}', { params: { path: { id } } })),
  });
}
