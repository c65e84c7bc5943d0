import { laravelDateFormat } from '../src/users/laravel-date';
import { defaultProfilePhotoUrl, profilePhotoUrl } from '../src/users/profile-photo';

describe("GB App's user JSON pieces", () => {
  it("profile_photo_url: Jetstream's ui-avatars URL from the initials, PHP-urlencoded", () => {
    expect(defaultProfilePhotoUrl('John Doe')).toBe('https://ui-avatars.com/api/?name=J+D&color=7F9CF5&background=EBF4FF');
    expect(defaultProfilePhotoUrl('Ñandú Pérez Gómez')).toBe('https://ui-avatars.com/api/?name=%C3%91+P+G&color=7F9CF5&background=EBF4FF');
    // explode(' ') keeps empty segments between double spaces; trim() only cuts the ends.
    expect(defaultProfilePhotoUrl(' Ana  (Bea) ')).toBe('https://ui-avatars.com/api/?name=A++%28&color=7F9CF5&background=EBF4FF');
  });

  it('profile_photo_url: a stored photo is served from <APP_URL>/storage/', () => {
    expect(profilePhotoUrl('https://gb.example.com/', 'John Doe', 'profile-photos/default.jpg')).toBe(
      'https://gb.example.com/storage/profile-photos/default.jpg',
    );
  });

  it('dates: Y-m-d H:i:s in the zone, 24-hour, zero-padded', () => {
    const instant = new Date('2026-01-15T05:04:03.999Z');
    expect(laravelDateFormat('UTC')(instant)).toBe('2026-01-15 05:04:03');
    expect(laravelDateFormat('America/Bogota')(instant)).toBe('2026-01-15 00:04:03');
    expect(laravelDateFormat('Asia/Kolkata')(new Date('2026-03-01T18:40:00Z'))).toBe('2026-03-02 00:10:00');
  });
});
