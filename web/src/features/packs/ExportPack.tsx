import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.ts';

/** Downloads the workspace as a pack file (tables, workflows, endpoints, variables; secrets by name only). */
export function ExportPack({ workspace }: { workspace: string }) {
  const { run, pending, error } = useAction();
  const download = () =>
    run(async () => {
      const text = unwrap(await api.GET('/api/v1/packs/export', { parseAs: 'text' })) as string;
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
      link.download = `${workspace}.yaml`;
      link.click();
      URL.revokeObjectURL(link.href);
    });
  return (
    <div className="lq-form">
      <p className="lq-muted">A pack file of this workspace, to import into another one. Secret values never leave the workspace: only their names.</p>
      {error && <Notice tone="danger">{error}</Notice>}
      <div className="lq-actions">
        <Button variant="secondary" onPress={download} isPending={pending}>
          Export as pack
        </Button>
      </div>
    </div>
  );
}
