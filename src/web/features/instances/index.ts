// What the instance screens share with the picker: whether an analysis can run here.
export { EligibilityNote } from './eligibility-note';
