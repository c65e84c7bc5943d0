import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatehouseApp, GatehouseModule, GatehouseOptions, gatehouseOptionsFromEnv } from 'gatehouse';
import { beanQuickResponses, presentUser, SELF_REGISTRABLE_ROLES } from './beanquick-answers';
import { demoSeed } from './demo-seed.command';
import { EmpresaController } from './empresa.controller';
import { Empresa } from './empresa.entity';
import { EmpresasService } from './empresas.service';
import { AddRoleToUsers1796100000000 } from './migrations/1796100000000-AddRoleToUsers';
import { CreateEmpresas1796100000100 } from './migrations/1796100000100-CreateEmpresas';

/** BeanQuick: a store whose React client logs in with bearer tokens only (no cookies, no web routes). */
export const beanquick: GatehouseApp = {
  options: (env) => ({
    ...gatehouseOptionsFromEnv(env),
    routes: { web: false },
    tokens: { defaultDeviceName: 'beanquick-web' },
    database: { entities: [Empresa], migrations: [AddRoleToUsers1796100000000, CreateEmpresas1796100000100] },
    users: {
      fields: { role: { type: 'string', oneOf: SELF_REGISTRABLE_ROLES, input: { register: true } } },
      present: presentUser,
    },
    responses: beanQuickResponses,
  }),
  module(options: GatehouseOptions) {
    @Module({
      imports: [GatehouseModule.forRoot(options), TypeOrmModule.forFeature([Empresa])],
      controllers: [EmpresaController],
      providers: [EmpresasService],
    })
    class BeanQuickModule {}
    return BeanQuickModule;
  },
  commands: [demoSeed],
};
