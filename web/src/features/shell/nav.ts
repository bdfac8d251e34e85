/**
 * The sidebar. Part 2 of the console adds its groups here (Audience: contacts, groups; Campaigns:
 * broadcasts, schedules; Overview: dashboard; Settings: team) without touching the shell.
 */
export type NavItem = { to: string; label: string; icon: string };
export type NavGroup = { label: string; items: NavItem[] };

export const NAV: NavGroup[] = [
  {
    label: 'Messaging',
    items: [
      { to: '/compose', label: 'Compose', icon: '✎' },
      { to: '/messages', label: 'Messages', icon: '✉' },
      { to: '/templates', label: 'Templates', icon: '❏' },
    ],
  },
  {
    label: 'Campaigns',
    items: [{ to: '/broadcasts', label: 'Broadcasts', icon: '⚑' }],
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
    items: [{ to: '/channels', label: 'Channels', icon: '⇄' }],
  },
];
