import type { GatehouseResponses, TokenAnswerContext, UserPresentFn } from 'gatehouse';
import { EmpresaJson, toEmpresaJson } from './empresa.entity';
import { EmpresasService } from './empresas.service';

export const ROLES = ['cliente', 'empresa', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a person may pick at POST /api/register; an admin is made by an operator, never by a registration. */
export const SELF_REGISTRABLE_ROLES: readonly Role[] = ['cliente', 'empresa'];

/** BeanQuick's user JSON (GET /api/user, and `user` in the login and registration answers). */
export interface BeanQuickUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  /** Only for an `empresa` that has created its business profile. */
  empresa?: EmpresaJson;
}

export const presentUser: UserPresentFn = async (user, _access, host): Promise<BeanQuickUser> => {
  const shown: BeanQuickUser = { id: user.id, name: user.name, email: user.email, role: user.fields?.role as Role };
  if (shown.role !== 'empresa') return shown;
  const empresa = await host.get(EmpresasService).profileOf(user.id);
  return empresa ? { ...shown, empresa: toEmpresaJson(empresa) } : shown;
};

/** Where the client goes after logging in or registering. */
export function redirectFor(user: BeanQuickUser): string {
  if (user.role === 'admin') return '/admin/dashboard';
  if (user.role === 'empresa') return user.empresa ? '/empresa/panel' : '/empresa/create';
  return '/';
}

const tokenAnswer = (message: string) => ({ user, token }: TokenAnswerContext) => ({
  status: 'success',
  user,
  token,
  redirect: redirectFor(user as BeanQuickUser),
  message,
});

export const beanQuickResponses: GatehouseResponses = {
  tokenLogin: tokenAnswer('Inicio de sesión exitoso'),
  tokenRegister: tokenAnswer('Usuario registrado correctamente'),
  tokenLogout: () => ({ status: 'success', message: 'Sesión cerrada correctamente' }),
};
