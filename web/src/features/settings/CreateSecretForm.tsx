import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { useSecretActions } from './useSecrets.ts';

/** A new secret. Saving a name the workspace already has would replace its value: that is done from its row instead. */
export function CreateSecretForm({ existing }: { existing: readonly string[] }) {
  const { put } = useSecretActions();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState<string>();
  const [taken, setTaken] = useState<string>();
  const { run, pending, error, fields } = useAction(['params.name', 'body.value']);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(undefined);
    if (existing.includes(name.trim())) {
      setTaken(`The workspace already has a secret ${name.trim()}: use “Replace value” in its row to change it.`);
      return;
    }
    void run(async () => {
      const secret = await put.mutateAsync({ name: name.trim(), value });
      setSaved(secret.name);
      setName('');
      setValue('');
    });
  }

  return (
    <Form className="lq-form lq-narrow" onSubmit={submit}>
      {error && <Notice tone="danger">{error}</Notice>}
      {saved && <Notice tone="success">Secret {saved} saved.</Notice>}
      <TextField
        name="name"
        label="Name"
        description="Upper-case letters, digits and _, starting with a letter (e.g. CRM_TOKEN)."
        value={name}
        onChange={(text) => {
          setName(text);
          setTaken(undefined);
        }}
        isRequired
        serverError={taken ?? fields['params.name']}
      />
      <TextField name="value" label="Value" type="password" autoComplete="off" value={value} onChange={setValue} isRequired serverError={fields['body.value']} />
      <div className="lq-actions lq-actions-start">
        <Button type="submit" isPending={pending}>
          Add secret
        </Button>
      </div>
    </Form>
  );
}
