/**
 * A template's description as text: paragraphs (blank lines) kept, the source's line wrapping not,
 * `code` marks shown as code.
 * Nothing is parsed as HTML, so a description can never add markup to the page.
 */
export function PlainText({ text, className }: { text: string; className?: string }) {
  const paragraphs = text.trim().split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' '));
  return (
    <div className={['lq-plain-text', className].filter(Boolean).join(' ')}>
      {paragraphs.map((paragraph, p) => (
        <p key={p}>
          {paragraph.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
        </p>
      ))}
    </div>
  );
}
