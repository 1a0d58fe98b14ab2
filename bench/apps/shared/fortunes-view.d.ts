export declare function renderFortunes(rows: readonly { id: number; message: string }[]): string;
