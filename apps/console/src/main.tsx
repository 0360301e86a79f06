import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, onUnauthorized } from './api/api';
import { App } from './App';
import { SESSION_KEY } from './auth/session';
import { navigate, to } from './router';
import './styles.css';

function retry(failures: number, error: unknown): boolean {
  // Client errors are answers, not glitches; network failures and 5xx get two more tries.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
  defaultOptions: {
    queries: { retry, refetchOnWindowFocus: false, staleTime: 15_000 },
    mutations: { retry: false },
  },
});

// Any 401 (session expired, signed out elsewhere): drop cached data and go to the sign-in page,
// coming back here afterwards.
onUnauthorized(() => {
  const here = location.pathname + location.search;
  if (here.startsWith(to('/sign-in')) || here.startsWith(to('/accept-invite'))) return;
  // Signed in a moment ago: the sign-in page says the session ended, rather than appearing unexplained.
  const ended = queryClient.getQueryData(SESSION_KEY) ? '&ended=1' : '';
  queryClient.clear();
  navigate(`/sign-in?next=${encodeURIComponent(here)}${ended}`, { replace: true });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
