/**
 * Laravel's `Y-m-d H:i:s` in the app's time zone (config('app.timezone'), APP_TIMEZONE, default UTC):
 * how GB App's models serialise their dates.
 */
export type LaravelDateFormat = (date: Date) => string;

/** Throws a RangeError naming the zone when the runtime does not know it (checked at start-up). */
export function laravelDateFormat(timeZone: string): LaravelDateFormat {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (date) => {
    const part = Object.fromEntries(parts.formatToParts(date).map(({ type, value }) => [type, value]));
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
  };
}
