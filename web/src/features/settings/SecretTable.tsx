import { Button } from '../../components/Button.tsx';
import { formatTime } from '../../components/format.ts';
import type { Secret } from './settings-types.ts';

interface Props {
  secrets: Secret[];
  mayChange: boolean;
  onReplace: (name: string) => void;
  onDelete: (name: string) => void;
}

export function SecretTable({ secrets, mayChange, onReplace, onDelete }: Props) {
  return (
    <div className="lq-table-scroll">
      <table className="lq-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Last changed</th>
            <th scope="col">
              <span className="lq-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {secrets.map((s) => (
            <tr key={s.name}>
              <th scope="row" className="lq-mono lq-break">
                {s.name}
              </th>
              <td>{formatTime(s.createdAt)}</td>
              <td>{formatTime(s.updatedAt)}</td>
              <td className="lq-row-actions">
                <Button variant="quiet" onPress={() => onReplace(s.name)} isDisabled={!mayChange} aria-label={`Replace value of ${s.name}`}>
                  Replace value
                </Button>
                <Button variant="quiet" onPress={() => onDelete(s.name)} isDisabled={!mayChange} aria-label={`Delete ${s.name}`}>
                  Delete
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
