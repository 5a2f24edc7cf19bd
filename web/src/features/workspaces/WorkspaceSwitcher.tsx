import { useQueryClient } from '@tanstack/react-query';
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, type Key } from 'react-aria-components';
import { currentWorkspace } from '../../api/client.ts';

type Workspace = { slug: string; name: string; kind: string; parentSlug: string | null; role: string };

/** The workspace the app acts in, always visible; agencies also see their client workspaces here. */
export function WorkspaceSwitcher({ workspaces, current }: { workspaces: Workspace[]; current: string | null }) {
  const client = useQueryClient();
  const select = (key: Key | null) => {
    if (key === null || key === current) return;
    currentWorkspace.set(String(key));
    // Everything shown belongs to a workspace: fetch it all again for the new one.
    void client.resetQueries();
  };
  return (
    <Select className="lq-field lq-switcher" selectedKey={current} onSelectionChange={select} aria-label="Workspace">
      <Label className="lq-visually-hidden">Workspace</Label>
      <Button className="lq-select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="lq-popover">
        <ListBox className="lq-listbox" items={workspaces.map((w) => ({ ...w, id: w.slug }))}>
          {(workspace) => (
            <ListBoxItem className="lq-listbox-item" id={workspace.slug} textValue={workspace.name}>
              {workspace.parentSlug ? `${workspace.name} (client of ${workspace.parentSlug})` : workspace.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
