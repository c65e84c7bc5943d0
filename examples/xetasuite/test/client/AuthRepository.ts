// XetaSuite's AuthRepository.ts as its client docs print it, with the imports and the type it uses.
import httpClient from './httpClient';

export interface LoginCredentials {
  email: string;
  password: string;
  remember?: boolean;
}

export const AuthRepository = {
  login: async (credentials: LoginCredentials): Promise<void> => {
    await httpClient.get('/sanctum/csrf-cookie');
    await httpClient.post('/api/v1/auth/login', credentials);
  },
  logout: async (): Promise<void> => {
    await httpClient.get('/sanctum/csrf-cookie');
    await httpClient.post('/api/v1/auth/logout');
  },
};
