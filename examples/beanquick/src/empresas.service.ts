import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Empresa } from './empresa.entity';

export type NewEmpresa = Pick<Empresa, 'nombre'> & Partial<Pick<Empresa, 'nit' | 'telefono' | 'direccion'>>;

/** The business profiles: one per `empresa` user. */
@Injectable()
export class EmpresasService {
  constructor(@InjectRepository(Empresa) private readonly empresas: Repository<Empresa>) {}

  profileOf(userId: number): Promise<Empresa | null> {
    return this.empresas.findOneBy({ userId });
  }

  /** Creates the user's profile or updates it in place: one statement, the unique user_id decides a race. */
  async save(userId: number, profile: NewEmpresa): Promise<Empresa> {
    await this.empresas
      .createQueryBuilder()
      .insert()
      .values({ ...profile, userId })
      .orUpdate(['nombre', 'nit', 'telefono', 'direccion', 'updated_at'], ['user_id'])
      .execute();
    return this.empresas.findOneByOrFail({ userId });
  }
}
