import {
  canonicalTimeZone,
  isTimeZone,
  toInstant,
  toLocalInput,
} from '../../sample-app/src/appointments/zoned-time';

describe('sample app zoned time', () => {
  it.each([
    'Asia/Kolkata',
    'Europe/Kyiv',
    'Etc/UTC',
    'Asia/Ho_Chi_Minh',
    'America/Argentina/Buenos_Aires',
    'America/Nuuk',
    'Asia/Calcutta',
    'UTC',
  ])('accepts the IANA zone %s and keeps its spelling', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
    expect(canonicalTimeZone(zone)).toBe(zone);
  });

  it.each(['', 'Mars/Olympus_Mons', '+05:00', 'UTC+5', '../etc/passwd', 'A'.repeat(65), 42])(
    'refuses %p',
    (zone) => {
      expect(isTimeZone(zone)).toBe(false);
    },
  );

  it('fixes the letter case of a zone the runtime knows', () => {
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
  });

  // Gaps move forward by the skipped length; overlaps take the first (earlier) instant.
  it.each([
    ['gap, New York', '2031-03-09T02:30', 'America/New_York', '2031-03-09T07:30:00.000Z'],
    ['gap, Berlin', '2031-03-30T02:30', 'Europe/Berlin', '2031-03-30T01:30:00.000Z'],
    [
      'half-hour gap, Lord Howe',
      '2031-10-05T02:15',
      'Australia/Lord_Howe',
      '2031-10-04T15:45:00.000Z',
    ],
    ['overlap, New York', '2031-11-02T01:30', 'America/New_York', '2031-11-02T05:30:00.000Z'],
    ['overlap, Berlin', '2031-10-26T02:30', 'Europe/Berlin', '2031-10-26T00:30:00.000Z'],
    ['just before a gap', '2031-03-09T01:59', 'America/New_York', '2031-03-09T06:59:00.000Z'],
    ['just after a gap', '2031-03-09T03:00', 'America/New_York', '2031-03-09T07:00:00.000Z'],
    ['no DST', '2031-01-15T09:30', 'Asia/Kolkata', '2031-01-15T04:00:00.000Z'],
  ])('%s: %s in %s is %s', (_case, local, zone, iso) => {
    expect(toInstant(local, zone)?.toISOString()).toBe(iso);
  });

  it('a time in a gap reads back as the wall-clock time after the change', () => {
    expect(
      toLocalInput(toInstant('2031-03-09T02:30', 'America/New_York')!, 'America/New_York'),
    ).toBe('2031-03-09T03:30');
  });
});
