import { mariadbFixture } from './backends';
import { describeOrmContract } from './orm-contract';

describeOrmContract(mariadbFixture());
