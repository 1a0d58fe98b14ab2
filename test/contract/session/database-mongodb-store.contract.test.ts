import { mongoFixture } from '../orm/backends';
import { describeDatabaseStoreContract } from './database-store.contract';

describeDatabaseStoreContract(mongoFixture());
