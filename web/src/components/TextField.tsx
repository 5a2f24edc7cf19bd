import { useEffect, useState } from 'react';
import { FieldError, Input, Label, Text, TextField as AriaTextField, type TextFieldProps as AriaTextFieldProps } from 'react-aria-components';

export interface TextFieldProps extends AriaTextFieldProps {
  label: string;
  description?: string;
  /** A message from the server for this field; shown under it and marks it invalid until the user edits the field. */
  serverError?: string;
}

export function TextField({ label, description, serverError, onChange, ...props }: TextFieldProps) {
  // An invalid field blocks the form's submit: once edited, the old answer no longer applies.
  const [edited, setEdited] = useState(false);
  useEffect(() => setEdited(false), [serverError]);
  const error = edited ? undefined : serverError;
  return (
    <AriaTextField
      {...props}
      onChange={(value) => {
        setEdited(true);
        onChange?.(value);
      }}
      className="lq-field"
      isInvalid={error !== undefined || props.isInvalid}
    >
      <Label>{label}</Label>
      <Input />
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{error}</FieldError>
    </AriaTextField>
  );
}
