import { Module } from '@nestjs/common';
import { BenchController } from './bench.controller';
import { TFB_WORK, createTfbWork } from './tfb-work';

/** The one module of the NestJS bench app. */
@Module({
  controllers: [BenchController],
  providers: [{ provide: TFB_WORK, useFactory: createTfbWork }],
})
export class AppModule {}
