// What the instance screens share with the picker: whether an analysis can run here, and whether it answers.
export { EligibilityNote } from './eligibility-note';
export { InstanceStatus } from './instance-status';
