import { rmSync } from 'node:fs';
import { sqliteFixture } from '../orm/backends';
import { describeDatabaseStoreContract, sqliteFile } from './database-store.contract';

const file = sqliteFile('contract');
afterAll(() => rmSync(file, { force: true }));

describeDatabaseStoreContract(sqliteFixture(file));
