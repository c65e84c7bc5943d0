import { parseNotification } from './credential-listener';

describe('parseNotification', () => {
  it('reads the triggers’ payloads', () => {
    expect(parseNotification('user:42')).toEqual({ kind: 'user', key: '42' });
    expect(parseNotification(`session:${'a'.repeat(64)}`)).toEqual({ kind: 'session', key: 'a'.repeat(64) });
    expect(parseNotification('token:7')).toEqual({ kind: 'token', key: '7' });
    expect(parseNotification('session:*')).toEqual({ kind: 'session', key: '*' }); // TRUNCATE
  });

  it('ignores anything else', () => {
    expect(parseNotification('')).toBeNull();
    expect(parseNotification('user')).toBeNull();
    expect(parseNotification(':1')).toBeNull();
    expect(parseNotification('role:1')).toBeNull();
  });
});

describe('parseNotification for the access cache', () => {
  it('reads the rbac_version trigger’s payload', () => {
    expect(parseNotification('rbac:12')).toEqual({ kind: 'rbac', key: '12' });
  });
});
