/** The two fields of a rename (agency or unit): the name and the abbreviation document symbols carry. */
export function NameAbbreviationInputs(props: { nameLabel: string; name: string; abbreviation: string; onName: (v: string) => void; onAbbreviation: (v: string) => void }) {
  return (
    <>
      <label>
        {props.nameLabel} <input value={props.name} onChange={(e) => props.onName(e.target.value)} autoFocus size={32} />
      </label>
      <label>
        Chữ viết tắt <input value={props.abbreviation} onChange={(e) => props.onAbbreviation(e.target.value.toUpperCase())} size={8} />
      </label>
    </>
  );
}
