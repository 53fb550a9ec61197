import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { InstancesPage } from '../features/instances/instances-page';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found-page';
import { RouteError } from './route-error';

// Only the picker is in the first bundle; the deeper screens (and their charts) load when visited.
const InstancePage = lazy(() => import('../features/tasks/instance-page'));
const TaskPage = lazy(() => import('../features/hotkeys/task-page'));

export const router = createBrowserRouter([
  {
    element: <AppShell />,
    children: [
      {
        // Errors render inside the shell, so the header and theme stay.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <InstancesPage /> },
          { path: 'instances/:instanceId', element: <InstancePage /> },
          { path: 'instances/:instanceId/tasks/:taskId', element: <TaskPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
