/** JSON as indented text, never as markup: what a step saw or produced is shown exactly as the API gave it. */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const text = value === undefined ? '—' : JSON.stringify(value, null, 2);
  return (
    <div className="lq-json">
      <div className="lq-json-label">{label}</div>
      <pre tabIndex={0} aria-label={label}>
        {text}
      </pre>
    </div>
  );
}
