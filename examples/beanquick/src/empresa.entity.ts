import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A business profile (`empresas`): what an `empresa` user fills in at /empresa/create. */
@Entity('empresas')
export class Empresa {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 255 })
  nombre: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  nit: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  telefono: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  direccion: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The business profile in BeanQuick's user JSON. */
export interface EmpresaJson {
  id: number;
  nombre: string;
  nit: string | null;
  telefono: string | null;
  direccion: string | null;
}

export const toEmpresaJson = (empresa: Empresa): EmpresaJson => ({
  id: empresa.id,
  nombre: empresa.nombre,
  nit: empresa.nit,
  telefono: empresa.telefono,
  direccion: empresa.direccion,
});
