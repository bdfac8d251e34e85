export const RESOURCES = [
  'account',
  'users',
  'roles',
  'api_keys',
  'contacts',
  'channels',
  'templates',
  'messages',
  'group_messages',
  'scheduled_messages',
] as const;
export const ACTIONS = ['read', 'write', 'send', 'approve', 'manage'] as const;

export type Resource = (typeof RESOURCES)[number];
export type Action = (typeof ACTIONS)[number];
export type Permission = `${Resource}:${Action}`;

const PERMISSION_PATTERN = new RegExp(`^(?:\\*|(?:${RESOURCES.join('|')}):(?:\\*|${ACTIONS.join('|')}))$`);

/** `*`, `RESOURCE:ACTION` or `RESOURCE:*`. */
export function isValidPermission(value: string): boolean {
  return PERMISSION_PATTERN.test(value);
}

// `manage` includes every other action on the resource; `write`, `send` and `approve` include
// `read`. `approve` (group_messages: approving broadcasts over the account's threshold) is separate
// from `send`, so senders and approvers can be different people.
const IMPLIED_BY: Record<Action, Action[]> = {
  read: ['read', 'write', 'send', 'approve', 'manage'],
  write: ['write', 'manage'],
  send: ['send', 'manage'],
  approve: ['approve', 'manage'],
  manage: ['manage'],
};

/** True when the granted permissions allow `resource:action`. */
export function hasPermission(granted: readonly string[], required: Permission): boolean {
  const [resource, action] = required.split(':') as [Resource, Action];
  if (granted.includes('*') || granted.includes(`${resource}:*`)) return true;
  return IMPLIED_BY[action].some((a) => granted.includes(`${resource}:${a}`));
}

const ALL_READ = RESOURCES.map((r) => `${r}:read` as Permission);

/** The roles every account starts with. */
export const DEFAULT_ROLES: { name: string; description: string; permissions: string[] }[] = [
  { name: 'admin', description: 'Full access to the account', permissions: ['*'] },
  {
    name: 'agent',
    description: 'Manages contacts and templates and sends messages',
    permissions: [
      ...ALL_READ,
      'contacts:write',
      'templates:write',
      'messages:send',
      'group_messages:send',
      'scheduled_messages:send',
    ],
  },
  { name: 'viewer', description: 'Read-only access', permissions: ALL_READ },
];

/** True when every permission of `role` is also held by `granted`: nobody hands out more than they have. */
export function grantsNoMoreThan(granted: readonly string[], role: readonly string[]): boolean {
  if (granted.includes('*')) return true;
  return role.every((p) => {
    if (p === '*') return false;
    const [resource, action] = p.split(':') as [Resource, Action | '*'];
    return hasPermission(granted, `${resource}:${action === '*' ? 'manage' : action}`);
  });
}
