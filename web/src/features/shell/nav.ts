/**
 * The sidebar. Part 2 of the console adds its groups here (Audience: contacts, groups; Campaigns:
 * broadcasts, schedules; Overview: dashboard; Settings: team) without touching the shell.
 */
/** `permission`: shown only to roles that have it (a viewer sees no Compose). */
export type NavItem = { to: string; label: string; icon: string; permission?: string };
export type NavGroup = { label: string; items: NavItem[] };

export const NAV: NavGroup[] = [
  {
    label: 'Overview',
    items: [{ to: '/dashboard', label: 'Dashboard', icon: '▦' }],
  },
  {
    label: 'Messaging',
    items: [
      { to: '/compose', label: 'Compose', icon: '✎', permission: 'messages:send' },
      { to: '/messages', label: 'Messages', icon: '✉' },
      { to: '/templates', label: 'Templates', icon: '❏' },
    ],
  },
  {
    label: 'Campaigns',
    items: [
      { to: '/broadcasts', label: 'Broadcasts', icon: '⚑' },
      { to: '/schedules', label: 'Schedules', icon: '◷' },
    ],
  },
  {
    label: 'Audience',
    items: [
      { to: '/contacts', label: 'Contacts', icon: '☺' },
      { to: '/groups', label: 'Groups', icon: '◎' },
      { to: '/contacts/import', label: 'Import', icon: '⇪' },
    ],
  },
  {
    label: 'Setup',
    items: [
      { to: '/channels', label: 'Channels', icon: '⇄' },
      { to: '/settings', label: 'Team and settings', icon: '⚙' },
    ],
  },
];
