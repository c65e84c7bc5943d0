import { AndFilter, EqualityFilter, FilterParser, OrFilter } from 'ldapts';
import { escapeFilterBytes, escapeFilterValue, groupFilter, guidFilter, userFilter } from './ldap-filter';

describe('RFC 4515 filter escaping', () => {
  it.each([
    ['*', '\\2a'],
    ['(', '\\28'],
    [')', '\\29'],
    ['\\', '\\5c'],
    ['\0', '\\00'],
    ['Parens R Us (for all your parenthetical needs)', 'Parens R Us \\28for all your parenthetical needs\\29'],
    ['C:\\MyFile', 'C:\\5cMyFile'],
    ['*)(uid=*', '\\2a\\29\\28uid=\\2a'],
    // UTF-8 may stand as it is (RFC 4515 §3, UTF1SUBSET and friends).
    ['Lučić', 'Lučić'],
    ['jdoe', 'jdoe'],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeFilterValue(value)).toBe(escaped);
  });

  it('an injection attempt stays one equality value when the client library parses the filter', () => {
    const parsed = FilterParser.parseString(userFilter('(|(uid={login})(mail={login}))', '*)(uid=*')) as OrFilter;
    expect(parsed).toBeInstanceOf(OrFilter);
    expect(parsed.filters).toHaveLength(2);
    for (const filter of parsed.filters) {
      expect(filter).toBeInstanceOf(EqualityFilter);
      expect((filter as EqualityFilter).value).toBe('*)(uid=*');
    }
  });

  it('replaces every {login} and leaves the rest of the template alone', () => {
    expect(userFilter('(&(objectClass=user)(sAMAccountName={login}))', 'j(doe)')).toBe('(&(objectClass=user)(sAMAccountName=j\\28doe\\29))');
    const parsed = FilterParser.parseString(userFilter('(&(objectClass=user)(sAMAccountName={login}))', 'a*b')) as AndFilter;
    expect((parsed.filters[1] as EqualityFilter).value).toBe('a*b');
  });

  it('escapes the member DN of a group filter', () => {
    expect(groupFilter('(member={dn})', 'cn=A\\, B (x),dc=example')).toBe('(member=cn=A\\5c, B \\28x\\29,dc=example)');
  });

  it('escapes bytes one by one for a binary objectGUID, and finds text GUIDs by their text', () => {
    expect(escapeFilterBytes(Buffer.from([0x00, 0x2a, 0xff]))).toBe('\\00\\2a\\ff');
    expect(guidFilter('objectGUID', '6f9619ff-8b86-d011-b42d-00c04fc964ff', 'binary')).toBe('(objectGUID=\\ff\\19\\96\\6f\\86\\8b\\11\\d0\\b4\\2d\\00\\c0\\4f\\c9\\64\\ff)');
    expect(guidFilter('entryUUID', 'a1b2c3d4-0000-1000-8000-00aa00bb00cc', 'text')).toBe('(entryUUID=a1b2c3d4-0000-1000-8000-00aa00bb00cc)');
  });
});
