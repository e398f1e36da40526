import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RecordStatementCommand } from './record-statement.command.js';
import type { StatementEntity } from './statement.entity.js';
import { createStatementSchema, type CreateStatementDto } from './statement.schema.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

@Controller('v1/statements')
export class StatementsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  create(@Body(new ZodValidationPipe(createStatementSchema)) body: CreateStatementDto): Promise<StatementEntity> {
    return this.commandBus.execute(new RecordStatementCommand(body));
  }
}
