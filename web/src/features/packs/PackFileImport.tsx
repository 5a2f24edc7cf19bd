import { useState } from 'react';
import { FileTrigger } from 'react-aria-components';
import { Button } from '../../components/Button.tsx';
import { PackImport } from './PackImport.tsx';

/** Import from a pack file of your own (an export of another workspace): its variables keep their exported values. */
export function PackFileImport() {
  const [file, setFile] = useState<{ name: string; text: string }>();
  const pick = (files: FileList | null) => {
    const chosen = files?.[0];
    if (chosen) void chosen.text().then((text) => setFile({ name: chosen.name, text }));
  };
  return (
    <div className="lq-form">
      <p className="lq-muted">A pack file of your own, such as an export of another workspace. You see its plan before anything changes.</p>
      <div className="lq-actions">
        <FileTrigger acceptedFileTypes={['.yaml', '.yml', 'application/yaml', 'text/yaml']} onSelect={pick}>
          <Button variant="secondary">Choose a pack file…</Button>
        </FileTrigger>
        {file && <span className="lq-muted">{file.name}</span>}
      </div>
      {file && <PackImport key={file.name + file.text.length} text={file.text} variables={[]} label={file.name} />}
    </div>
  );
}
