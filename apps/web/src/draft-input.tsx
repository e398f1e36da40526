import { useState } from 'preact/hooks';
import type { InputHTMLAttributes, PartialInputHTMLAttributes } from 'preact';

type Props = Omit<PartialInputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'onChange'> & {
  value: string;
  /** The committed value (on change: the field left, or Enter), trimmed. */
  onCommit: (value: string) => void;
};

/**
 * An input that commits on change, not per keystroke (each commit is a read of the API), and
 * keeps what is being typed until then: a controlled input alone would be reset to `value`
 * by any re-render in between, such as an answer arriving.
 */
export function DraftInput({ value, onCommit, ...props }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      {
        ...(props as InputHTMLAttributes<HTMLInputElement>) /* preact types each `type` with its own attributes; these are the caller's */
      }
      value={draft ?? value}
      onInput={(event) => setDraft(event.currentTarget.value)}
      onChange={(event) => {
        setDraft(null);
        onCommit(event.currentTarget.value.trim());
      }}
    />
  );
}
