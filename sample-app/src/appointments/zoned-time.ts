const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Every IANA zone this runtime knows, plus `UTC`, sorted: what the form's select offers. */
export const TIME_ZONES: readonly string[] = Object.freeze(
  [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].sort(),
);
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The zone's name as the runtime spells it (`asia/kolkata` → `Asia/Kolkata`), or undefined when
 * it is no IANA zone. Validated by the runtime itself: `Intl.supportedValuesOf` lists only one
 * spelling per zone (often the old one, `Asia/Calcutta`), so checking against it refuses valid
 * names such as `Asia/Kolkata`, `Europe/Kyiv` or `Etc/UTC`. Offsets (`+05:00`) are refused.
 */
export function canonicalTimeZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone.length > 64 || !ZONE_NAME.test(zone)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  // Keep the name the user chose (`Asia/Kolkata`, not an older alias), only its letter case fixed.
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

/** Whether `zone` is a valid IANA zone name (any spelling the runtime accepts) or `UTC`. */
export function isTimeZone(zone: unknown): zone is string {
  return canonicalTimeZone(zone) !== undefined;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, zone: string): WallClock {
  const out: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out as unknown as WallClock;
}

function offsetAt(instant: number, zone: string): number {
  const w = wallClock(instant, zone);
  return (
    Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) -
    Math.floor(instant / 1000) * 1000
  );
}

/**
 * The UTC instant of a wall-clock time (`2030-01-15T09:30`) in `zone`, or of an absolute ISO
 * time (`…Z`, `…+02:00`) as given; undefined when the text is neither or the date is invalid.
 */
export function toInstant(text: string, zone: string): Date | undefined {
  if (ABSOLUTE.test(text)) {
    // V8 reads `T24:00` as the next midnight; a wall clock has no hour 24.
    if (Number(text.slice(11, 13)) > 23) return undefined;
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = LOCAL.exec(text);
  if (!m || !isTimeZone(zone)) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(guess);
  // Date.UTC rolls 11:57:60 over to 11:58:00 and the 31st of a short month into the next one.
  const outOfRange = hour > 23 || minute > 59 || second > 59;
  if (outOfRange || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return undefined;
  return new Date(resolveWallClock(guess, zone));
}

/**
 * The instant of wall-clock `wall` (its fields read as UTC) in `zone`. Around a transition the
 * offsets a day before and after are the two candidates: in an overlap (the clock repeats an
 * hour) both fit and the earlier instant wins; in a gap (the clock skips an hour) neither fits
 * and the offset before the change applies, which moves the time forward (02:30 → 03:30 EDT),
 * as java.time, Luxon and Temporal's default do.
 */
function resolveWallClock(wall: number, zone: string): number {
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const fits = [wall - before, wall - after].filter((t) => t + offsetAt(t, zone) === wall);
  if (fits.length > 0) return Math.min(...fits);
  return wall - before;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The wall-clock time of `instant` in `zone` as `YYYY-MM-DDTHH:mm`, for datetime-local inputs. */
export function toLocalInput(instant: Date, zone: string): string {
  const w = wallClock(instant.getTime(), zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** `h:mm a` in `zone`, e.g. `9:05 AM`: the reminder text's time. */
export function formatClockTime(instant: Date, zone: string): string {
  const w = wallClock(instant.getTime(), zone);
  const h = w.hour % 12 === 0 ? 12 : w.hour % 12;
  return `${h}:${pad(w.minute)} ${w.hour < 12 ? 'AM' : 'PM'}`;
}

/** `Jan 15, 2030, 9:30 AM` in `zone`, for tables and detail pages. */
export function formatDateTime(instant: Date, zone: string): string {
  const w = wallClock(instant.getTime(), zone);
  const month = new Date(Date.UTC(2000, w.month - 1, 1)).toLocaleString('en-US', {
    month: 'short',
    timeZone: 'UTC',
  });
  return `${month} ${w.day}, ${w.year}, ${formatClockTime(instant, zone)}`;
}
