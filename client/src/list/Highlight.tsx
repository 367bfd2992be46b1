import type { SnippetPart } from '../../../server/search/document-list-view';

/** A highlighted snippet: matched words in <mark>, everything as text (never as HTML). */
export function Highlight({ parts }: { parts: SnippetPart[] }) {
  return (
    <>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}
