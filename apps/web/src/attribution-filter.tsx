import { words } from './scale.ts';

/** The API's attributions, in the contract's order: the checkboxes of every view that filters by them. */
export const ATTRIBUTIONS = ['on_record', 'unnamed_official', 'anonymous_sources', 'reported'];

/** The attribution filter as the API reads it: the ticked attributions only count; none ticked, all do. */
export function AttributionFilter({ value, onChange }: { value: string[]; onChange: (next: string[]) => void }) {
  const toggle = (item: string) => onChange(value.includes(item) ? value.filter((other) => other !== item) : [...value, item]);
  return (
    <fieldset>
      <legend>Attribution (none ticked: all)</legend>
      {ATTRIBUTIONS.map((item) => (
        <label key={item} class="check">
          <input type="checkbox" name="attribution" value={item} checked={value.includes(item)} onChange={() => toggle(item)} />
          {words(item)}
        </label>
      ))}
    </fieldset>
  );
}
