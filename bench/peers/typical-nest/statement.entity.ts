import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One statement, one row: what `repository.save` writes per POST. */
@Entity('statements')
@Index(['holder', 'topic', 'target'])
export class StatementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  holder!: string;

  @Column({ type: 'jsonb' })
  actor!: { country?: string | null; body?: string | null; person?: string | null; role?: string | null };

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text', nullable: true })
  target!: string | null;

  @Column({ type: 'text' })
  position!: string;

  @Column({ type: 'text' })
  statedAt!: string;

  @Column({ type: 'text' })
  attribution!: string;

  @Column({ type: 'text' })
  modality!: string;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'text', nullable: true })
  quote!: string | null;

  @Column({ type: 'text', nullable: true })
  quoteLanguage!: string | null;

  @Column({ type: 'jsonb' })
  sources!: object[];

  @Column({ type: 'text', nullable: true })
  cameoCode!: string | null;

  @Column({ type: 'uuid', nullable: true })
  utteranceId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
