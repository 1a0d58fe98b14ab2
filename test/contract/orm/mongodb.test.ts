import { mongoFixture } from './backends';
import { describeOrmContract } from './orm-contract';

describeOrmContract(mongoFixture());
