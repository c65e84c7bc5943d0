import { formatObjectGuid, guidOf, objectGuidBytes } from './ldap-guid';

// Microsoft's documented example GUID and its byte order as stored in objectGUID (Guid.ToByteArray()).
const DOC_BYTES = Buffer.from('ff19966f868b11d0b42d00c04fc964ff', 'hex');
const DOC_GUID = '6f9619ff-8b86-d011-b42d-00c04fc964ff';

describe('AD objectGUID', () => {
  it('renders the 16 bytes in AD\'s canonical string form (first three groups little-endian)', () => {
    expect(formatObjectGuid(DOC_BYTES)).toBe(DOC_GUID);
    expect(formatObjectGuid(Buffer.from('33221100554477668899aabbccddeeff', 'hex'))).toBe('00112233-4455-6677-8899-aabbccddeeff');
  });

  it('turns the string form back into the bytes (braces and case accepted)', () => {
    expect(objectGuidBytes(DOC_GUID).equals(DOC_BYTES)).toBe(true);
    expect(objectGuidBytes(`{${DOC_GUID.toUpperCase()}}`).equals(DOC_BYTES)).toBe(true);
  });

  it('round-trips random GUIDs', () => {
    for (let i = 0; i < 50; i++) {
      const bytes = Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256)));
      expect(objectGuidBytes(formatObjectGuid(bytes)).equals(bytes)).toBe(true);
    }
  });

  it('refuses what is not a GUID', () => {
    expect(() => formatObjectGuid(Buffer.alloc(15))).toThrow('16 bytes');
    expect(() => objectGuidBytes('not-a-guid')).toThrow('not a GUID');
  });

  it('reads the attribute value of either kind as stored on the user', () => {
    expect(guidOf([DOC_BYTES], 'binary')).toBe(DOC_GUID);
    expect(guidOf('5E0D7C1A-0000-1000-8000-00AA00BB00CC', 'text')).toBe('5e0d7c1a-0000-1000-8000-00aa00bb00cc');
    expect(guidOf(undefined, 'text')).toBeNull();
    expect(guidOf('short', 'binary')).toBeNull();
  });
});
