import { postgresFixture } from './backends';
import { describeOrmContract } from './orm-contract';

describeOrmContract(postgresFixture());
