import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, onUnauthorized } from '../api/api';
import { navigate, to } from '../router';
import '../styles.css';
import './admin.css';
import { App } from './App';

function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
  defaultOptions: {
    queries: { retry, refetchOnWindowFocus: false, staleTime: 10_000 },
    mutations: { retry: false },
  },
});

// A 401 anywhere (session idle, expired, signed out or removed): back to sign-in, then here again.
onUnauthorized(() => {
  const here = location.pathname + location.search;
  if (here.startsWith(to('/sign-in'))) return;
  queryClient.clear();
  navigate(`/sign-in?next=${encodeURIComponent(here)}`, { replace: true });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
