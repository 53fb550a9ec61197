// What other screens read a freq with: the same words as the analysis page.
export { describeEstimate } from './freq-estimate';
