import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { isAdmin } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { ExportPack } from './ExportPack.tsx';
import { PackCatalog } from './PackCatalog.tsx';
import { PackFileImport } from './PackFileImport.tsx';

/** Packs: import one from the catalog or a file (plan shown first), export the workspace as one. Admins only. */
export function PacksPage() {
  const session = useSession();
  const me = session.data;
  if (!me) return null;
  return (
    <main className="lq-main">
      <h1>Packs</h1>
      <p className="lq-muted lq-lede">A pack brings workflows, data tables and endpoints into the workspace in one step.</p>
      {!isAdmin(me.role) ? (
        <Notice tone="info">Importing and exporting packs needs the admin or owner role in this workspace.</Notice>
      ) : (
        <>
          <Card title="Pack catalog">
            <PackCatalog />
          </Card>
          <div className="lq-grid">
            <Card title="Import a pack file">
              <PackFileImport />
            </Card>
            <Card title="Export this workspace">
              <ExportPack workspace={me.currentWorkspace ?? 'workspace'} />
            </Card>
          </div>
        </>
      )}
    </main>
  );
}
