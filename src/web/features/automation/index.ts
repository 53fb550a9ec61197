// The instance page's schedule and alert cards.
export { AutomationPanel } from './automation-panel';
