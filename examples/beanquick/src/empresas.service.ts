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

  /** Idempotent: an existing profile is kept (the demo seeder runs again and again). */
  async ensure(userId: number, profile: NewEmpresa): Promise<Empresa> {
    await this.empresas.createQueryBuilder().insert().values({ ...profile, userId }).orIgnore().execute();
    return (await this.profileOf(userId))!;
  }
}
