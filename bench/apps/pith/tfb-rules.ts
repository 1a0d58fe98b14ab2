/** The TechEmpower message of `/json` and `/plaintext`. */
export const HELLO = 'Hello, World!';

/** The fortune every `/fortunes` response adds at request time. */
export const EXTRA_FORTUNE = 'Additional fortune added at request time.';

/** What the benchmark servers send as `Server`. */
export const SERVER_NAME = 'Pith';

/** A Fortune row. */
export interface FortuneRow {
  readonly id: number;
  readonly message: string;
}

/** The TechEmpower `queries` rule: missing, non-integer or < 1 gives 1; above 500 gives 500. */
export function clampQueries(value: string | string[] | undefined): number {
  const n = Number.parseInt(Array.isArray(value) ? (value[0] ?? '') : (value ?? ''), 10);
  if (!Number.isFinite(n) || n < 1) return 1;
  return n > 500 ? 500 : n;
}

/** A random World id or randomNumber, 1..10000. */
export function randomWorldId(): number {
  return 1 + Math.floor(Math.random() * 10000);
}

/** Adds the request-time fortune and sorts by message in UTF-16 code-unit order (not locale). */
export function prepareFortunes(rows: readonly FortuneRow[]): FortuneRow[] {
  const all = rows.map((r) => ({ id: r.id, message: r.message }));
  all.push({ id: 0, message: EXTRA_FORTUNE });
  // Code-unit order is what the verifier expects: `<script>` first, Japanese last.
  all.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return all;
}
