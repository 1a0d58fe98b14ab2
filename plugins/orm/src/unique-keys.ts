import type { MetadataStorage, NamingStrategy } from '@mikro-orm/core';

/** Finds the entity properties a unique key covers, from a constraint name or column names. */
export type UniqueKeyLookup = (key: string | readonly string[]) => readonly string[] | undefined;

/**
 * Indexes every unique key of the discovered entities once, at boot, under each name a driver
 * may report: the constraint name (PostgreSQL, MariaDB), `table.column` (SQLite) and the bare
 * field name (MongoDB's `keyPattern`).
 */
export function indexUniqueKeys(
  metadata: MetadataStorage,
  naming: NamingStrategy,
): UniqueKeyLookup {
  const byName = new Map<string, readonly string[]>();
  for (const meta of Object.values(metadata.getAll())) {
    if (meta.abstract || meta.embeddable || !meta.tableName) continue;
    const table = meta.tableName.includes('.') ? meta.tableName.split('.').pop()! : meta.tableName;
    const add = (name: unknown, props: readonly string[]): void => {
      const columns = props.flatMap((p) => meta.properties[p]?.fieldNames ?? [p]);
      const constraint =
        typeof name === 'string' ? name : naming.indexName(table, columns, 'unique');
      byName.set(constraint, props);
      byName.set(`${table}.${columns[0]}`, props);
      if (columns.length === 1) byName.set(columns[0], props);
    };
    for (const prop of meta.props) if (prop.unique) add(prop.unique, [prop.name]);
    for (const unique of meta.uniques) {
      const props = ([] as string[]).concat(unique.properties ?? []);
      if (props.length > 0) add(unique.name, props);
    }
  }
  return (key) => {
    if (typeof key === 'string') return byName.get(key);
    return key.length === 1 ? (byName.get(key[0]) ?? key) : key;
  };
}
