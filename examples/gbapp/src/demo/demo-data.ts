import type { GbUserFields } from '../users/user-fields';

/** GB App's permissions, as its client docs list them for a super-admin. */
export const SUPER_ADMIN_PERMISSIONS = ['user.index', 'user.create', 'report.create', 'role.index'];

export const DEMO_ROLES = [
  { name: 'super-admin', permissions: SUPER_ADMIN_PERMISSIONS },
  { name: 'designer', permissions: ['report.create'] },
] as const;

interface DemoAccount {
  name: string;
  email: string;
  password: string;
  verified: boolean;
  roles: readonly string[];
  fields: Omit<GbUserFields, 'profile_photo_path'>;
}

/** The demo accounts `demo:seed` creates; passwords are demo-only, printed for scripts. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    name: 'John Doe',
    email: 'jdoe@gbapp.test',
    password: 'gbapp-admin-1',
    verified: true,
    roles: ['super-admin'],
    fields: { username: 'jdoe', type: 'admin', codigo_vendedor: 'V001', cedula: '1234567890' },
  },
  {
    name: 'Diana Designer',
    email: 'designer@gbapp.test',
    password: 'gbapp-designer-1',
    verified: true,
    roles: ['designer'],
    fields: { username: 'ddesigner', type: 'designer', codigo_vendedor: null, cedula: '2345678901' },
  },
  {
    name: 'Carl Pending',
    email: 'pending@gbapp.test',
    password: 'gbapp-pending-1',
    verified: false,
    roles: [],
    fields: { username: 'cpending', type: 'customer', codigo_vendedor: null, cedula: null },
  },
];
