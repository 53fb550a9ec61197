import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiRequestError } from './api/api-client';
import { router } from './app/router';
import { applyTheme, initialTheme } from './components/theme-toggle';
import { recheckSessionOn401 } from './features/session';
import './styles.css';

applyTheme(initialTheme());

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error) => recheckSession(error) }),
  mutationCache: new MutationCache({ onError: (error) => recheckSession(error) }),
  defaultOptions: {
    queries: {
      // A 4xx will not fix itself by asking again; a dropped connection might.
      retry: (failureCount, error) =>
        !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});
const recheckSession = recheckSessionOn401(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
