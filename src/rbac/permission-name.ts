/**
 * A storable permission name: dot-separated parts, each a comma-separated list of alternatives,
 * none empty and no whitespace (spatie throws WildcardPermissionNotProperlyFormatted at check
 * time for these; refusing them on the way in is kinder).
 */
export const PERMISSION_NAME = /^[^\s.,]+(,[^\s.,]+)*(\.[^\s.,]+(,[^\s.,]+)*)*$/;

export const isPermissionName = (name: string) => name.length <= 255 && PERMISSION_NAME.test(name);
