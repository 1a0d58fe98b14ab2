import { postgresFixture } from '../orm/backends';
import { describeDatabaseStoreContract } from './database-store.contract';

describeDatabaseStoreContract(postgresFixture());
