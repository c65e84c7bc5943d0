import { GatehouseCliCommand, GatehouseCliContext, GatehouseUsers } from 'gatehouse';
import type { Role } from './beanquick-answers';
import { EmpresasService, NewEmpresa } from './empresas.service';

interface DemoAccount {
  name: string;
  email: string;
  password: string;
  role: Role;
  empresa?: NewEmpresa;
}

/** One account per redirect the client knows: `/`, `/empresa/panel`, `/empresa/create`, `/admin/dashboard`. */
const DEMO_ACCOUNTS: DemoAccount[] = [
  { name: 'Camila Cliente', email: 'cliente@beanquick.test', password: 'cliente-demo-1', role: 'cliente' },
  {
    name: 'Tostadores del Valle',
    email: 'empresa@beanquick.test',
    password: 'empresa-demo-1',
    role: 'empresa',
    empresa: { nombre: 'Tostadores del Valle', nit: '900123456-7', telefono: '+57 300 000 0000', direccion: 'Calle 10 # 5-20, Cali' },
  },
  { name: 'Café Nuevo', email: 'nueva-empresa@beanquick.test', password: 'empresa-demo-2', role: 'empresa' },
  { name: 'Ana Admin', email: 'admin@beanquick.test', password: 'admin-demo-1', role: 'admin' },
];

async function seedAccount(ctx: GatehouseCliContext, account: DemoAccount) {
  const users = ctx.app.get(GatehouseUsers);
  const user =
    (await users.findByEmail(account.email)) ??
    (await users.create({ name: account.name, email: account.email, password: account.password, verified: true, fields: { role: account.role } }));
  const empresa = account.empresa ? await ctx.app.get(EmpresasService).save(user.id, account.empresa) : null;
  return { email: account.email, password: account.password, roles: [account.role], empresa: empresa ? { id: empresa.id, nombre: empresa.nombre } : null };
}

/** Creates the demo accounts (idempotently) and prints them as one JSON object, so a script can log in as them. */
export const demoSeed: GatehouseCliCommand = {
  name: 'demo:seed',
  usage: '',
  description: 'Create the BeanQuick demo accounts (a cliente, an empresa with and one without a business profile, an admin)',
  needs: 'app',
  async run(ctx) {
    const accounts = [];
    for (const account of DEMO_ACCOUNTS) accounts.push(await seedAccount(ctx, account));
    ctx.out(JSON.stringify({ accounts }));
  },
};
