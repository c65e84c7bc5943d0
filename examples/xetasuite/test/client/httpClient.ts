// XetaSuite's httpClient.ts as its client docs print it. Adapted for Node: the base URL comes from process.env
// (a Vite build reads import.meta.env), set to the started example before this module loads; browser.ts gives it
// the browser's cookie jar.
import axios from 'axios';

const httpClient = axios.create({
  baseURL: process.env.VITE_API_URL || '',
  headers: {
    'Content-Type': 'application/json',
    'Accept': 'application/json',
    'X-Requested-With': 'XMLHttpRequest',
  },
  withCredentials: true, // Required for Sanctum cookies
  withXSRFToken: true, // Auto-include XSRF-TOKEN header
});

export default httpClient;
