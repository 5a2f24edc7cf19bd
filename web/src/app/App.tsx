import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { BrowserRouter, Navigate, Route, Routes, useHref, useNavigate } from 'react-router';
import { AcceptInvitationPage } from '../features/auth/AcceptInvitationPage.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage.tsx';
import { SignupPage } from '../features/auth/SignupPage.tsx';
import { VerifyEmailPage } from '../features/auth/VerifyEmailPage.tsx';
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx';
import { RunsPage } from '../features/runs/RunsPage.tsx';
import { WorkflowsPage } from '../features/workflows/WorkflowsPage.tsx';
import { BillingReturn } from '../features/billing/BillingPage.tsx';
import { SsoCompletePage } from '../features/auth/SsoCompletePage.tsx';
import { SsoLoginPage } from '../features/auth/SsoLoginPage.tsx';
import { SettingsLayout } from '../features/settings/SettingsLayout.tsx';
import { AppShell } from './AppShell.tsx';
import {
  ApiKeysPage,
  AuditPage,
  BillingPage,
  MembersPage,
  PacksPage,
  RunDetailPage,
  SecretsPage,
  SessionsPage,
  SsoSettingsPage,
  TablePage,
  TablesPage,
  TemplatePage,
  TemplatesPage,
  WorkspaceSettingsPage,
} from './lazyPages.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: (count, error) => count < 2 && !('status' in error && (error as { status: number }).status < 500) } },
});

/** Lets react-aria links navigate through the router instead of reloading the page. */
function AriaRouting({ children }: { children: React.ReactNode }) {
  const navigate = useNavigate();
  return (
    <AriaRouterProvider navigate={navigate} useHref={useHref}>
      {children}
    </AriaRouterProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AriaRouting>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/login/sso" element={<SsoLoginPage />} />
            <Route path="/sso/complete" element={<SsoCompletePage />} />
            <Route path="/signup" element={<SignupPage />} />
            <Route path="/verify-email" element={<VerifyEmailPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
            <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
            <Route element={<AppShell />}>
              <Route index element={<DashboardPage />} />
              <Route path="/workflows" element={<WorkflowsPage />} />
              <Route path="/runs" element={<RunsPage />} />
              <Route path="/runs/:id" element={<RunDetailPage />} />
              <Route path="/packs" element={<PacksPage />} />
              {/* Stripe's return URLs (checkout success/cancel, the portal) are <public URL>/billing… */}
              <Route path="/billing" element={<BillingReturn />} />
              <Route path="/settings" element={<SettingsLayout />}>
                <Route index element={<Navigate to="workspace" replace />} />
                <Route path="workspace" element={<WorkspaceSettingsPage />} />
                <Route path="members" element={<MembersPage />} />
                <Route path="api-keys" element={<ApiKeysPage />} />
                <Route path="secrets" element={<SecretsPage />} />
                <Route path="tables" element={<TablesPage />} />
                <Route path="tables/:name" element={<TablePage />} />
                <Route path="sso" element={<SsoSettingsPage />} />
                <Route path="sessions" element={<SessionsPage />} />
                <Route path="audit" element={<AuditPage />} />
                <Route path="billing" element={<BillingPage />} />
              </Route>
            </Route>
            <Route element={<AppShell allowSignedOut />}>
              <Route path="/templates" element={<TemplatesPage />} />
              <Route path="/templates/:id" element={<TemplatePage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </AriaRouting>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
