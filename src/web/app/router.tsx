import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { InstancesPage } from '../features/instances/instances-page';
import { instanceRoute, keyRoute, taskRoute, watchRoute } from '../lib/app-urls';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found-page';
import { RouteError } from './route-error';

// Only the picker is in the first bundle; the deeper screens (and their charts) load when visited.
const InstancePage = lazy(() => import('../features/instance/instance-page'));
const AnalysisPage = lazy(() => import('../features/analysis/analysis-page'));
const KeyPage = lazy(() => import('../features/key/key-page'));
const WatchPage = lazy(() => import('../features/watch/watch-page'));

export const router = createBrowserRouter([
  {
    element: <AppShell />,
    children: [
      {
        // Errors render inside the shell, so the header and theme stay.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <InstancesPage /> },
          { path: instanceRoute, element: <InstancePage /> },
          { path: taskRoute, element: <AnalysisPage /> },
          { path: keyRoute, element: <KeyPage /> },
          { path: watchRoute, element: <WatchPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
