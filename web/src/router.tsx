import { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { currentAccessToken, refreshAccessToken } from './api/session';
import { Toaster } from './components/ui/toast';
import { TooltipProvider } from './components/ui/tooltip';
import { AppShell } from './features/shell/app-shell';
import { NotFound } from './features/shell/not-found';
import { day, listSearch, oneOf, text, uuid } from './lib/list-search';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not get better by asking again; a network blip might.
      retry: (count, error) =>
        count < 2 && !(error instanceof Error && 'status' in error && Number(error.status) >= 400),
    },
  },
});

/**
 * Search params with every key optional (links need not spell out each filter) and undefined keys
 * dropped, so URLs carry only the filters in use.
 */
function optional<T extends Record<string, unknown>>(parse: (raw: Record<string, unknown>) => T) {
  return (raw: Record<string, unknown>): Partial<T> =>
    Object.fromEntries(Object.entries(parse(raw)).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const MESSAGE_STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'permanently_failed',
  'cancelled',
  'skipped',
] as const;
const DIRECTIONS = ['outbound', 'inbound', 'system'] as const;
const CHANNEL_TYPES = ['sms', 'smpp', 'telegram', 'whatsapp', 'messenger', 'email', 'sandbox'] as const;

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: () => (
    <TooltipProvider delayDuration={300}>
      <Outlet />
      <Toaster />
    </TooltipProvider>
  ),
  notFoundComponent: NotFound,
});

// ---- signed-out pages --------------------------------------------------------------------------
const authLayout = createRoute({
  getParentRoute: () => rootRoute,
  id: 'auth',
  component: lazyRouteComponent(() => import('./features/auth/auth-layout'), 'AuthLayout'),
});
const emailSearch = optional((raw) => ({ email: text(raw.email, 254) }));
const signInRoute = createRoute({
  getParentRoute: () => authLayout,
  path: '/sign-in',
  validateSearch: optional((raw) => ({ email: text(raw.email, 254), redirect: text(raw.redirect, 500) })),
  component: lazyRouteComponent(() => import('./features/auth/sign-in-page'), 'SignInPage'),
});
const signUpRoute = createRoute({
  getParentRoute: () => authLayout,
  path: '/sign-up',
  component: lazyRouteComponent(() => import('./features/auth/sign-up-page'), 'SignUpPage'),
});
const verifyRoute = createRoute({
  getParentRoute: () => authLayout,
  path: '/verify-email',
  validateSearch: emailSearch,
  component: lazyRouteComponent(() => import('./features/auth/verify-email-page'), 'VerifyEmailPage'),
});
const forgotRoute = createRoute({
  getParentRoute: () => authLayout,
  path: '/forgot-password',
  validateSearch: emailSearch,
  component: lazyRouteComponent(() => import('./features/auth/forgot-password-page'), 'ForgotPasswordPage'),
});
const resetRoute = createRoute({
  getParentRoute: () => authLayout,
  path: '/reset-password',
  validateSearch: emailSearch,
  component: lazyRouteComponent(() => import('./features/auth/reset-password-page'), 'ResetPasswordPage'),
});

// ---- signed-in pages ---------------------------------------------------------------------------
const appLayout = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  // The access token is only in memory: after a reload, the refresh cookie brings it back.
  beforeLoad: async ({ location }) => {
    if (currentAccessToken() || (await refreshAccessToken())) return;
    throw redirect({ to: '/sign-in', search: { redirect: location.href, email: undefined } });
  },
  component: AppShell,
});
const indexRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/messages' });
  },
});
const acceptInvitationRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/accept-invitation',
  validateSearch: optional((raw) => ({ token: text(raw.token, 200) })),
  component: lazyRouteComponent(
    () => import('./features/auth/accept-invitation-page'),
    'AcceptInvitationPage',
  ),
});
export const channelsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/channels',
  validateSearch: optional((raw) => ({
    ...listSearch(raw),
    q: text(raw.q),
    channel_type: oneOf(raw.channel_type, CHANNEL_TYPES),
  })),
  component: lazyRouteComponent(() => import('./features/channels/channels-page'), 'ChannelsPage'),
});
const newChannelRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/channels/new',
  component: lazyRouteComponent(() => import('./features/channels/new-channel-page'), 'NewChannelPage'),
});
export const channelRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/channels/$channelId',
  component: lazyRouteComponent(() => import('./features/channels/channel-page'), 'ChannelPage'),
});
export const templatesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/templates',
  validateSearch: optional((raw) => ({
    ...listSearch(raw),
    q: text(raw.q),
    channel_type: oneOf(raw.channel_type, CHANNEL_TYPES),
    category: text(raw.category, 100),
  })),
  component: lazyRouteComponent(() => import('./features/templates/templates-page'), 'TemplatesPage'),
});
const newTemplateRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/templates/new',
  component: lazyRouteComponent(() => import('./features/templates/template-editor-page'), 'NewTemplatePage'),
});
export const templateRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/templates/$templateId',
  component: lazyRouteComponent(
    () => import('./features/templates/template-editor-page'),
    'EditTemplatePage',
  ),
});
export const messagesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/messages',
  validateSearch: optional((raw) => ({
    ...listSearch(raw),
    status: oneOf(raw.status, MESSAGE_STATUSES),
    direction: oneOf(raw.direction, DIRECTIONS),
    channel_id: uuid(raw.channel_id),
    address: text(raw.address, 100),
    from: day(raw.from),
    to: day(raw.to),
    message: uuid(raw.message),
  })),
  component: lazyRouteComponent(() => import('./features/messages/messages-page'), 'MessagesPage'),
});
export const composeRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/compose',
  validateSearch: optional((raw) => ({
    channel_id: uuid(raw.channel_id),
    template_id: uuid(raw.template_id),
  })),
  component: lazyRouteComponent(() => import('./features/compose/compose-page'), 'ComposePage'),
});

// ---- audience and campaigns (part 2) ------------------------------------------------------------
export const GROUP_STATUSES = [
  'draft',
  'pending_approval',
  'queued',
  'processing',
  'completed',
  'partially_failed',
  'failed',
  'cancelled',
] as const;
/** Repeatable `filter=FIELD:OP:VALUE` params (at most 20, as the API allows). */
const filters = (value: unknown): string[] | undefined => {
  const list = (Array.isArray(value) ? value : [value])
    .map((v) => text(v, 500))
    .filter((v): v is string => !!v);
  return list.length > 0 ? list.slice(0, 20) : undefined;
};
export const groupMessagesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/broadcasts',
  validateSearch: optional((raw) => ({
    ...listSearch(raw),
    q: text(raw.q),
    status: oneOf(raw.status, GROUP_STATUSES),
  })),
  component: lazyRouteComponent(
    () => import('./features/group-messages/group-messages-page'),
    'GroupMessagesPage',
  ),
});
const newGroupMessageRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/broadcasts/new',
  component: lazyRouteComponent(
    () => import('./features/group-messages/new-group-message-page'),
    'NewGroupMessagePage',
  ),
});
export const groupMessageRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/broadcasts/$groupMessageId',
  component: lazyRouteComponent(
    () => import('./features/group-messages/group-message-page'),
    'GroupMessagePage',
  ),
});
export const contactsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/contacts',
  validateSearch: optional((raw) => ({ ...listSearch(raw), filter: filters(raw.filter) })),
  component: lazyRouteComponent(() => import('./features/contacts/contacts-page'), 'ContactsPage'),
});
const newContactRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/contacts/new',
  component: lazyRouteComponent(() => import('./features/contacts/contact-page'), 'NewContactPage'),
});
const importRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/contacts/import',
  component: lazyRouteComponent(() => import('./features/contacts/import-page'), 'ImportPage'),
});
export const contactRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/contacts/$contactId',
  component: lazyRouteComponent(() => import('./features/contacts/contact-page'), 'ContactPage'),
});
export const groupsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/groups',
  validateSearch: optional((raw) => ({ ...listSearch(raw), q: text(raw.q) })),
  component: lazyRouteComponent(() => import('./features/contacts/groups-page'), 'GroupsPage'),
});
export const groupRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/groups/$groupId',
  component: lazyRouteComponent(() => import('./features/contacts/group-page'), 'GroupPage'),
});

export const SCHEDULE_STATUSES = [
  'pending',
  'triggered',
  'completed',
  'failed',
  'paused',
  'cancelled',
] as const;
export const schedulesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/schedules',
  validateSearch: optional((raw) => ({ ...listSearch(raw), status: oneOf(raw.status, SCHEDULE_STATUSES) })),
  component: lazyRouteComponent(() => import('./features/schedules/schedules-page'), 'SchedulesPage'),
});
const newScheduleRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/schedules/new',
  component: lazyRouteComponent(() => import('./features/schedules/schedule-page'), 'NewSchedulePage'),
});
export const scheduleRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/schedules/$scheduleId',
  component: lazyRouteComponent(() => import('./features/schedules/schedule-page'), 'SchedulePage'),
});

export const settingsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/settings',
  validateSearch: optional((raw) => ({
    tab: oneOf(raw.tab, ['account', 'members', 'roles', 'api-keys'] as const),
  })),
  component: lazyRouteComponent(() => import('./features/settings/settings-page'), 'SettingsPage'),
});

const dashboardRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/dashboard',
  component: lazyRouteComponent(() => import('./features/dashboard/dashboard-page'), 'DashboardPage'),
});

const routeTree = rootRoute.addChildren([
  authLayout.addChildren([signInRoute, signUpRoute, verifyRoute, forgotRoute, resetRoute]),
  appLayout.addChildren([
    indexRoute,
    acceptInvitationRoute,
    channelsRoute,
    newChannelRoute,
    channelRoute,
    templatesRoute,
    newTemplateRoute,
    templateRoute,
    messagesRoute,
    composeRoute,
    groupMessagesRoute,
    newGroupMessageRoute,
    groupMessageRoute,
    contactsRoute,
    newContactRoute,
    importRoute,
    contactRoute,
    groupsRoute,
    groupRoute,
    schedulesRoute,
    newScheduleRoute,
    scheduleRoute,
    settingsRoute,
    dashboardRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  defaultPendingMinMs: 0,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
