export declare const HELLO: string;
export declare const EXTRA_FORTUNE: string;
export declare function clampQueries(value: unknown): number;
export declare function randomId(): number;
export declare function prepareFortunes(
  rows: readonly { id: number; message: string }[],
): { id: number; message: string }[];
