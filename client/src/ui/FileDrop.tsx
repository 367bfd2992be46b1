import { useId, useState, type DragEvent } from 'react';
import { Alert } from './Alert';

interface Props {
  file: File | null;
  onFile: (file: File | null) => void;
  label: string;
  error?: string | null;
}

/** Drop a PDF here, or pick it: the hidden-looking input stays a real, labelled, focusable control. */
export function FileDrop({ file, onFile, label, error }: Props) {
  const id = useId();
  const [over, setOver] = useState(false);
  const [wrongType, setWrongType] = useState(false);
  const accept = (f: File | undefined) => {
    if (!f) return;
    const isPdf = f.type === 'application/pdf' || f.name.toLowerCase().endsWith('.pdf');
    setWrongType(!isPdf);
    if (isPdf) onFile(f);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    accept(e.dataTransfer.files[0]);
  };
  return (
    <div
      className={`drop-zone ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <label htmlFor={id} className="drop-label">
        {label}
      </label>
      {/* The native input stays focusable and labelled; its English "Choose File" face is replaced. */}
      <input id={id} className="file-input" type="file" accept="application/pdf,.pdf" onChange={(e) => accept(e.target.files?.[0])} />
      <label htmlFor={id} className="button secondary file-pick" aria-hidden="true">
        Chọn tệp PDF…
      </label>
      <p className="muted">{file ? `Đã chọn: ${file.name} (${Math.ceil(file.size / 1024)} KB)` : 'Kéo thả tệp PDF vào đây hoặc bấm để chọn tệp.'}</p>
      {(wrongType || error) && <Alert>{wrongType ? 'Chỉ nhận tệp PDF.' : error}</Alert>}
    </div>
  );
}
