import { useState } from 'react';
import { Button } from './Button.tsx';

/** Copies `text` to the clipboard and says whether it worked (a browser may refuse). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed'>();
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setOutcome('copied'),
      () => setOutcome('failed'),
    );
  return (
    <span className="lq-copy">
      {/* The accessible name holds the visible text (Copy, Copied) so voice control users can say what they see. */}
      <Button variant="secondary" onPress={copy} aria-label={outcome === 'copied' ? `Copied. ${label}` : label}>
        {outcome === 'copied' ? 'Copied' : 'Copy'}
      </Button>
      <span role="status" className={outcome === 'failed' ? 'lq-field-error' : 'lq-visually-hidden'}>
        {outcome === 'copied' ? 'Copied to the clipboard.' : outcome === 'failed' ? 'The browser did not allow copying: select the text and copy it yourself.' : ''}
      </span>
    </span>
  );
}
