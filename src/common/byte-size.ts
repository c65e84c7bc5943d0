/** Human-friendly byte sizes for config such as body limits (`"1mb"`, `"512kb"`, `"1048576"`). */

const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
};

const BYTE_SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i;

function invalid(value: string, reason: string): Error {
  return new Error(`Invalid byte size "${value}": ${reason}`);
}

export function parseByteSize(value: string): number {
  const match = BYTE_SIZE.exec(value.trim());
  if (!match) {
    throw invalid(value, 'expected a non-negative number optionally followed by b, kb, mb or gb');
  }
  const [, amount, rawUnit] = match;
  const unit = (rawUnit ?? 'b').toLowerCase();
  const multiplier = UNIT_BYTES[unit];
  if (multiplier === undefined) {
    throw invalid(value, `unknown unit "${rawUnit}" (use b, kb, mb or gb)`);
  }
  // A fractional byte count is almost certainly a typo, not a rounding request.
  if (unit === 'b' && amount.includes('.')) {
    throw invalid(value, 'a byte count must be a whole number');
  }
  // Floor so "1.1kb" yields whole bytes rather than 1126.4.
  const bytes = Math.floor(Number(amount) * multiplier);
  if (!Number.isSafeInteger(bytes)) throw invalid(value, 'too large');
  return bytes;
}
