import type { AxiosError, AxiosResponse } from 'axios';

/** The answer of a request the printed client rejects on (4xx), so a test can assert its status and body. */
export const settle = (request: Promise<AxiosResponse>): Promise<AxiosResponse> =>
  request.catch((error: AxiosError) => {
    if (!error.response) throw error;
    return error.response;
  });
