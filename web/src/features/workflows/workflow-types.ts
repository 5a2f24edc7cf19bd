import type { paths } from '../../api/schema.ts';

export type WorkflowListItem = paths['/api/v1/workflows']['get']['responses'][200]['content']['application/json']['items'][number];
