import { mariadbFixture } from '../orm/backends';
import { describeDatabaseStoreContract } from './database-store.contract';

describeDatabaseStoreContract(mariadbFixture());
