import { isPermissionName } from './permission-name';

describe('isPermissionName', () => {
  it.each(['users.view', 'users.*', '*', 'posts.create,edit', 'posts.edit.7', 'a,b.c,d'])('accepts %s', (name) => {
    expect(isPermissionName(name)).toBe(true);
  });

  it.each(['', 'users..view', '.users', 'users.', 'posts.create,,edit', 'posts.,edit', 'has space', 'x'.repeat(256)])(
    'refuses %j',
    (name) => {
      expect(isPermissionName(name)).toBe(false);
    },
  );
});
