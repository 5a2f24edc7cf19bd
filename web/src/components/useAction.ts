import { useState } from 'react';

/** Runs a user's action (a form submit, a button): tracks that it is pending and keeps its error message. */
export function useAction() {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  async function run(action: () => Promise<void>): Promise<void> {
    setPending(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setPending(false);
    }
  }
  return { run, pending, error };
}
