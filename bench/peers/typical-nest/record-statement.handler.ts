import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RecordStatementCommand } from './record-statement.command.js';
import { StatementEntity } from './statement.entity.js';

@CommandHandler(RecordStatementCommand)
export class RecordStatementHandler implements ICommandHandler<RecordStatementCommand, StatementEntity> {
  constructor(@InjectRepository(StatementEntity) private readonly statements: Repository<StatementEntity>) {}

  async execute({ body }: RecordStatementCommand): Promise<StatementEntity> {
    const { source, sources, statementId, ...content } = body;
    const statement = this.statements.create({
      ...content,
      ...(statementId ? { id: statementId } : {}),
      holder: body.holder ?? body.actor.country!,
      target: body.target ?? null,
      summary: body.summary ?? null,
      quote: body.quote ?? null,
      quoteLanguage: body.quoteLanguage ?? null,
      cameoCode: body.cameoCode ?? null,
      utteranceId: body.utteranceId ?? null,
      sources: sources ?? [source!],
    });
    return this.statements.save(statement);
  }
}
