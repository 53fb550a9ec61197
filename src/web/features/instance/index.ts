// What the analysis page shares with the instance page: a task still under way, and the sampling window's controls.
export { MonitorCost } from './components/monitor-cost';
export { SamplingCountdown } from './components/sampling-countdown';
export { SecondsInput } from './components/seconds-input';
export { TaskRunState } from './components/task-run-state';
