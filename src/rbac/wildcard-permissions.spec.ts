import { concretePermissions, hasPermission, parseStoredPermission, PermissionIndex } from './wildcard-permissions';

describe('parseStoredPermission', () => {
  it('splits parts on "." and alternatives on ","', () => {
    expect(parseStoredPermission('posts.edit,delete.7')).toEqual([['posts'], ['edit', 'delete'], ['7']]);
  });

  it('drops empty parts and empty alternatives instead of throwing', () => {
    expect(parseStoredPermission('posts..edit,,delete.')).toEqual([['posts'], ['edit', 'delete']]);
    expect(parseStoredPermission('posts.,.edit')).toEqual([['posts'], ['edit']]);
    expect(parseStoredPermission('')).toEqual([]);
    expect(parseStoredPermission('.,.')).toEqual([]);
  });
});

describe('PermissionIndex', () => {
  describe('exact names', () => {
    const index = new PermissionIndex(['posts.edit']);

    it('grants the identical name', () => {
      expect(index.allows('posts.edit')).toBe(true);
    });

    it('denies siblings and unrelated names', () => {
      expect(index.allows('posts.delete')).toBe(false);
      expect(index.allows('users.edit')).toBe(false);
    });

    it('is case-sensitive', () => {
      expect(index.allows('Posts.edit')).toBe(false);
      expect(index.allows('posts.EDIT')).toBe(false);
    });

    it('denies a shorter required name (a prefix is not the permission)', () => {
      expect(index.allows('posts')).toBe(false);
    });

    it('denies the empty string', () => {
      expect(index.allows('')).toBe(false);
    });
  });

  describe('a stored name ending early implies everything below it', () => {
    const index = new PermissionIndex(['posts']);

    it('grants itself and any deeper name', () => {
      expect(index.allows('posts')).toBe(true);
      expect(index.allows('posts.edit')).toBe(true);
      expect(index.allows('posts.edit.7')).toBe(true);
    });

    it('does not grant names that merely share a string prefix', () => {
      expect(index.allows('postsx')).toBe(false);
      expect(index.allows('postsx.edit')).toBe(false);
    });

    it('grants below the end even when a deeper stored name exists on the same path', () => {
      const mixed = new PermissionIndex(['posts.edit.7', 'posts.edit']);
      expect(mixed.allows('posts.edit.99')).toBe(true);
    });
  });

  describe('trailing wildcard', () => {
    const index = new PermissionIndex(['posts.*']);

    it('grants any single or deeper part below', () => {
      expect(index.allows('posts.edit')).toBe(true);
      expect(index.allows('posts.edit.7')).toBe(true);
    });

    it('does not grant the bare parent', () => {
      expect(index.allows('posts')).toBe(false);
    });

    it('does not grant other roots', () => {
      expect(index.allows('users.edit')).toBe(false);
    });
  });

  describe('leading and middle wildcards', () => {
    it('"*.edit" grants edit on any resource but nothing else', () => {
      const index = new PermissionIndex(['*.edit']);
      expect(index.allows('posts.edit')).toBe(true);
      expect(index.allows('users.edit.7')).toBe(true);
      expect(index.allows('posts.delete')).toBe(false);
      expect(index.allows('posts')).toBe(false);
    });

    it('"*" consumes exactly one part', () => {
      const index = new PermissionIndex(['posts.*.publish']);
      expect(index.allows('posts.7.publish')).toBe(true);
      expect(index.allows('posts.7.8.publish')).toBe(false);
      expect(index.allows('posts.publish')).toBe(false);
    });

    it('a lone "*" grants everything, including the empty string', () => {
      const index = new PermissionIndex(['*']);
      expect(index.allows('posts')).toBe(true);
      expect(index.allows('posts.edit.7')).toBe(true);
      expect(index.allows('')).toBe(true);
    });
  });

  describe('exact branch is tried before falling back to "*"', () => {
    const index = new PermissionIndex(['posts.edit.own', '*.edit.any']);

    it('falls back to the wildcard when the exact branch denies', () => {
      expect(index.allows('posts.edit.any')).toBe(true);
    });

    it('still grants through the exact branch', () => {
      expect(index.allows('posts.edit.own')).toBe(true);
    });

    it('denies when neither branch grants', () => {
      expect(index.allows('posts.edit.other')).toBe(false);
    });
  });

  describe('alternatives', () => {
    const index = new PermissionIndex(['posts.edit,delete']);

    it('grants each listed alternative', () => {
      expect(index.allows('posts.edit')).toBe(true);
      expect(index.allows('posts.delete')).toBe(true);
    });

    it('denies unlisted alternatives', () => {
      expect(index.allows('posts.view')).toBe(false);
    });

    it('treats "," in the required name as a literal', () => {
      expect(index.allows('posts.edit,delete')).toBe(false);
    });

    it('expands alternatives in several parts as a cross product', () => {
      const multi = new PermissionIndex(['posts,users.edit,view']);
      expect(multi.allows('users.view')).toBe(true);
      expect(multi.allows('posts.edit')).toBe(true);
      expect(multi.allows('teams.edit')).toBe(false);
    });
  });

  describe('"*" in the required name is a literal', () => {
    it('is granted by a stored "posts.*"', () => {
      expect(new PermissionIndex(['posts.*']).allows('posts.*')).toBe(true);
    });

    it('is granted by a stored "posts" or "*"', () => {
      expect(new PermissionIndex(['posts']).allows('posts.*')).toBe(true);
      expect(new PermissionIndex(['*']).allows('posts.*')).toBe(true);
    });

    it('is not granted by concrete children', () => {
      expect(new PermissionIndex(['posts.edit', 'posts.delete']).allows('posts.*')).toBe(false);
    });

    it('is not granted by a wildcard on another part', () => {
      expect(new PermissionIndex(['*.edit']).allows('posts.*')).toBe(false);
    });
  });

  describe('malformed stored names', () => {
    it('ignores empty alternatives', () => {
      const index = new PermissionIndex(['posts.edit,,delete']);
      expect(index.allows('posts.delete')).toBe(true);
      expect(index.allows('posts.view')).toBe(false);
    });

    it('ignores empty middle parts', () => {
      expect(new PermissionIndex(['posts..edit']).allows('posts.edit')).toBe(true);
    });

    it('never lets an empty name grant everything', () => {
      const index = new PermissionIndex(['', '.', ',', '.,.']);
      expect(index.allows('posts')).toBe(false);
      expect(index.allows('')).toBe(false);
    });
  });

  it('accepts any iterable, such as a Set', () => {
    expect(new PermissionIndex(new Set(['posts.edit'])).allows('posts.edit')).toBe(true);
  });

  it('grants nothing when empty', () => {
    expect(new PermissionIndex([]).allows('posts')).toBe(false);
  });
});

describe('hasPermission', () => {
  it('delegates to a fresh index', () => {
    expect(hasPermission(['posts.*'], 'posts.edit')).toBe(true);
    expect(hasPermission(['posts.*'], 'posts')).toBe(false);
  });

  it('accepts a generator without materialising it first', () => {
    function* names(): Generator<string> {
      yield 'users.view';
      yield 'posts.edit,delete';
    }
    expect(hasPermission(names(), 'posts.delete')).toBe(true);
  });
});

describe('concretePermissions', () => {
  it('multiplies out alternatives and keeps * literal', () => {
    expect(concretePermissions('posts.create,edit')).toEqual(['posts.create', 'posts.edit']);
    expect(concretePermissions('a,b.c,d')).toEqual(['a.c', 'a.d', 'b.c', 'b.d']);
    expect(concretePermissions('users.*')).toEqual(['users.*']);
  });

  it('gives up (null) on a name that stands for too many', () => {
    expect(concretePermissions(Array.from({ length: 5 }, () => 'a,b,c,d').join('.'))).toBeNull();
  });
});
