export interface World {
  id: number;
  randomNumber: number;
}
export interface Fortune {
  id: number;
  message: string;
}
export interface TfbDb {
  getWorld(id: number): Promise<World>;
  updateWorlds(worlds: readonly World[]): Promise<void>;
  getFortunes(): Promise<Fortune[]>;
  close(): Promise<void>;
}
export interface TfbHandlers {
  db(): Promise<World>;
  queries(n: number): Promise<World[]>;
  updates(n: number): Promise<World[]>;
  fortunes(): Promise<Fortune[]>;
}
export declare function openDb(env?: NodeJS.ProcessEnv): TfbDb | undefined;
export declare function tfbHandlers(db: TfbDb): TfbHandlers;
