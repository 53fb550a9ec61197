// The session's public face: who is signed in, what their role lets them do, and the sign-in on a 401.
export { recheckSessionOn401 } from './session-expiry';
export { SignInScreen } from './sign-in-screen';
export { type OperatorOnly, useOperatorOnly } from './use-operator-only';
export { UserBadge } from './user-badge';
