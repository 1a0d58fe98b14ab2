import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sqliteFixture } from './backends';
import { describeOrmContract } from './orm-contract';

const dir = mkdtempSync(path.join(tmpdir(), 'pith-orm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeOrmContract(sqliteFixture(path.join(dir, 'contract.sqlite')));
