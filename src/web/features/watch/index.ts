// The instance page's watch card: start a watch, list the instance's watches.
export { WatchPanel } from './components/watch-panel';
