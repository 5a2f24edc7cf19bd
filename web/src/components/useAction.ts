import { useState } from 'react';
import { fieldErrorsOf, refusalMessage } from './serverFieldErrors.ts';

/**
 * Runs a user's action (a form submit, a button): tracks that it is pending and keeps its error message.
 * `shownFields` are the server paths (`body.name`) the form shows next to a field: a refusal the server
 * names one of those for appears there (`fields`), and the message above the form says so.
 */
export function useAction(shownFields: readonly string[] = []) {
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  async function run(action: () => Promise<void>): Promise<boolean> {
    setPending(true);
    setError(undefined);
    setFields({});
    try {
      await action();
      return true;
    } catch (failure) {
      const problems = fieldErrorsOf(failure);
      setFields(problems);
      setError(refusalMessage(failure, problems, shownFields));
      return false;
    } finally {
      setPending(false);
    }
  }
  function reset() {
    setError(undefined);
    setFields({});
  }
  return { run, pending, error, fields, reset };
}
