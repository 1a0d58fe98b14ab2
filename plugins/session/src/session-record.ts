import type { SessionRecord } from './session-store';

interface WireRecord {
  d: Record<string, unknown>;
  f?: Record<string, string[]>;
  c: number;
  l: number;
  e: number;
}

/** A record as compact JSON (short keys: the cookie store has 4 KiB for everything). */
export function serializeRecord(record: SessionRecord): string {
  const wire: WireRecord = {
    d: record.data,
    c: record.createdAt,
    l: record.lastSeen,
    e: record.expiresAt,
  };
  if (Object.keys(record.flash).length > 0) wire.f = record.flash;
  return JSON.stringify(wire);
}

/**
 * Parses what {@link serializeRecord} wrote; undefined for anything else, so a corrupt or
 * foreign value is treated like an unknown session instead of crashing the request.
 */
export function parseRecord(raw: string): SessionRecord | undefined {
  let wire: Partial<WireRecord>;
  try {
    wire = JSON.parse(raw) as Partial<WireRecord>;
  } catch {
    return undefined;
  }
  return toRecord(wire);
}

/** Validates an already-parsed wire record (the cookie store nests one in its payload). */
export function toRecord(wire: unknown): SessionRecord | undefined {
  if (!isObject(wire)) return undefined;
  const { d, f, c, l, e } = wire as Partial<WireRecord>;
  if (!isObject(d) || !isTime(c) || !isTime(l) || !isTime(e)) return undefined;
  const flash = Object.create(null) as Record<string, string[]>;
  if (f !== undefined) {
    if (!isObject(f)) return undefined;
    for (const [kind, list] of Object.entries(f)) {
      if (!Array.isArray(list) || !list.every((m) => typeof m === 'string')) return undefined;
      flash[kind] = list;
    }
  }
  const data = Object.assign(Object.create(null) as Record<string, unknown>, d);
  return { data, flash, createdAt: c, lastSeen: l, expiresAt: e };
}

/** The wire form, for stores that nest a record in a larger payload. */
export function toWire(record: SessionRecord): unknown {
  return JSON.parse(serializeRecord(record)) as unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
