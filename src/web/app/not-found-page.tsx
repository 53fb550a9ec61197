import { Link } from 'react-router';
import { StatePanel } from '../components/state-panel';

export function NotFoundPage() {
  return (
    <StatePanel tone="warning" title="This page does not exist">
      <Link className="underline" to="/">
        Back to the instances
      </Link>
    </StatePanel>
  );
}
