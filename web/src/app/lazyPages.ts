import { lazy } from 'react';

/**
 * The heavier pages a first visit to the dashboard does not need, each its own chunk loaded on first use, so the
 * dashboard's initial JavaScript stays within its budget (bench/web-budgets.ts, test/web-dashboard.test.ts).
 */
export const PacksPage = lazy(() => import('../features/packs/PacksPage.tsx').then((m) => ({ default: m.PacksPage })));
export const TemplatesPage = lazy(() => import('../features/templates/TemplatesPage.tsx').then((m) => ({ default: m.TemplatesPage })));
export const TemplatePage = lazy(() => import('../features/templates/TemplatePage.tsx').then((m) => ({ default: m.TemplatePage })));
export const RunDetailPage = lazy(() => import('../features/runs/RunDetailPage.tsx').then((m) => ({ default: m.RunDetailPage })));
export const MembersPage = lazy(() => import('../features/settings/MembersPage.tsx').then((m) => ({ default: m.MembersPage })));
export const ApiKeysPage = lazy(() => import('../features/settings/ApiKeysPage.tsx').then((m) => ({ default: m.ApiKeysPage })));
export const SecretsPage = lazy(() => import('../features/settings/SecretsPage.tsx').then((m) => ({ default: m.SecretsPage })));
export const SessionsPage = lazy(() => import('../features/settings/SessionsPage.tsx').then((m) => ({ default: m.SessionsPage })));
export const AuditPage = lazy(() => import('../features/settings/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
export const WorkspaceSettingsPage = lazy(() => import('../features/settings/WorkspaceSettingsPage.tsx').then((m) => ({ default: m.WorkspaceSettingsPage })));
export const TablesPage = lazy(() => import('../features/tables/TablesPage.tsx').then((m) => ({ default: m.TablesPage })));
export const TablePage = lazy(() => import('../features/tables/TablePage.tsx').then((m) => ({ default: m.TablePage })));
export const SsoSettingsPage = lazy(() => import('../features/settings/SsoSettingsPage.tsx').then((m) => ({ default: m.SsoSettingsPage })));
export const BillingPage = lazy(() => import('../features/billing/BillingPage.tsx').then((m) => ({ default: m.BillingPage })));
