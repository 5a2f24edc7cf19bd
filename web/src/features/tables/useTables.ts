import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';
import type { Column, RowFilter } from './table-types.ts';

const TABLE_PAGE = 100;
export const ROW_PAGE = 25;

export function useTableList() {
  return useInfiniteQuery({
    queryKey: ['tables', currentWorkspace.get()],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/api/v1/tables', { params: { query: { limit: TABLE_PAGE, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTable(name: string) {
  return useQuery({
    queryKey: ['tables', currentWorkspace.get(), name],
    queryFn: async () => unwrap(await api.GET('/api/v1/tables/{name}', { params: { path: { name } } })),
  });
}

/** One page of rows: `cursor` is the previous page's nextCursor (undefined for the first). */
export function useRows(name: string, filter: RowFilter | null, sort: string, cursor: string | undefined) {
  // The filter is `filter[col][op]=value`, a family of parameters the typed query cannot name.
  const filterQuery = filter ? { [`filter[${filter.column}][${filter.op}]`]: filter.value } : {};
  return useQuery({
    queryKey: ['tables', currentWorkspace.get(), name, 'rows', filter, sort, cursor],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tables/{name}/rows', { params: { path: { name }, query: { limit: ROW_PAGE, sort, cursor, ...filterQuery } } })),
    placeholderData: keepPreviousData,
  });
}

export interface SchemaChange {
  addColumns?: Column[];
  dropColumns?: string[];
  changeColumns?: Partial<Column>[];
  confirm?: string;
}

export function useTableActions(name: string) {
  const client = useQueryClient();
  const onSettled = () => client.invalidateQueries({ queryKey: ['tables'] });
  const insert = useMutation({
    mutationFn: async (data: Record<string, unknown>) => unwrap(await api.POST('/api/v1/tables/{name}/rows', { params: { path: { name } }, body: { data } })),
    onSettled,
  });
  const update = useMutation({
    mutationFn: async ({ id, data }: { id: string; data: Record<string, unknown> }) =>
      unwrap(await api.PATCH('/api/v1/tables/{name}/rows/{id}', { params: { path: { name, id } }, body: { data } })),
    onSettled,
  });
  const removeRow = useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/api/v1/tables/{name}/rows/{id}', { params: { path: { name, id } } }));
    },
    onSettled,
  });
  const alter = useMutation({
    mutationFn: async (change: SchemaChange) =>
      unwrap(await api.PATCH('/api/v1/tables/{name}', { params: { path: { name } }, body: change as never })),
    onSettled,
  });
  const removeTable = useMutation({
    mutationFn: async () => {
      unwrap(await api.DELETE('/api/v1/tables/{name}', { params: { path: { name } } }));
    },
    onSettled,
  });
  return { insert, update, removeRow, alter, removeTable };
}

export function useCreateTable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; columns: Column[] }) => unwrap(await api.POST('/api/v1/tables', { body })),
    onSettled: () => client.invalidateQueries({ queryKey: ['tables'] }),
  });
}
