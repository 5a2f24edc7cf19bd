import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { onApi, requests } from '../../test/mockApi.ts';
import { WorkspaceSettingsPage } from './WorkspaceSettingsPage.tsx';

const workspace = { id: '7b0d8f4e-54a4-4f0e-9d55-0c1c2d3e4f50', slug: 'acme', name: 'Acme', kind: 'standard', parentId: null };

function signedInAs(role: 'owner' | 'viewer', workspaceAnswer: () => { status?: number; json: unknown } = () => ({ json: workspace })) {
  onApi('GET', '/api/v1/me', () => ({
    json: {
      user: { id: '5f0c0c43-8a5b-4a26-bb49-9f7a0f2f2a11', email: 'ann@example.com', name: 'Ann', emailVerified: true },
      workspaces: [{ ...workspace, parentSlug: null, role, via: 'member' }],
      currentWorkspace: 'acme',
      role,
      csrfToken: 'csrf',
    },
  }));
  onApi('GET', '/api/v1/workspace', workspaceAnswer);
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <WorkspaceSettingsPage />
    </QueryClientProvider>,
  );
}

describe('WorkspaceSettingsPage', () => {
  it('puts the server’s refusal under the name field, then saves once the name is corrected', async () => {
    signedInAs('owner');
    onApi('PATCH', '/api/v1/workspace', (body) =>
      (body as { name: string }).name === 'x'.repeat(3)
        ? { status: 400, json: { error: { code: 'validation_failed', message: 'The request is invalid.', details: [{ path: 'body.name', message: 'Use at least 4 characters.' }] } } }
        : { json: { ...workspace, name: (body as { name: string }).name } },
    );
    renderPage();
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect(screen.getByRole('textbox', { name: 'Slug' }).getAttribute('readonly')).not.toBeNull();

    await userEvent.clear(name);
    await userEvent.type(name, 'xxx');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Use at least 4 characters.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Please correct the fields marked below.');
    expect(name.getAttribute('aria-invalid')).toBe('true');

    await userEvent.type(name, ' Ltd');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toBe('The workspace is now called “xxx Ltd”.');
    const patches = requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => request.body)).toEqual([{ name: 'xxx' }, { name: 'xxx Ltd' }]);
  });

  it('lets a viewer read the name but not change it', async () => {
    signedInAs('viewer');
    renderPage();
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect(await screen.findByText('Only admins and owners can rename the workspace.')).toBeTruthy();
    expect(name.hasAttribute('disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('shows why the workspace could not be loaded', async () => {
    signedInAs('owner', () => ({ status: 503, json: { error: { code: 'unavailable', message: 'The database does not answer.' } } }));
    renderPage();
    expect((await screen.findByRole('alert')).textContent).toBe('The database does not answer.');
    expect(screen.queryByRole('textbox', { name: 'Name' })).toBeNull();
  });
});
