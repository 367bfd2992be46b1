import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';
import { EdxmlError } from './edxml-error';

/** One element as kept in memory: only the small parts of a package (header, manifest). */
export interface XmlNode {
  local: string;
  uri: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Receives the text of one large element (an attachment's base64) as it streams past. */
export interface TextSink {
  write(text: string): void;
}

export interface XmlStreamOptions {
  /**
   * Asked when an element opens: a sink takes its direct text instead of memory. `inherited` is the
   * parent's sink, so a `Value` child can keep writing into its `Attachment`'s sink.
   */
  sinkFor(node: XmlNode, parents: XmlNode[], inherited: TextSink | null): TextSink | null;
  /** Characters of text and attribute values kept in memory (everything outside sinks). */
  maxKeptChars: number;
  maxElements: number;
  maxDepth: number;
}

interface Frame {
  node: XmlNode;
  sink: TextSink | null;
}

/**
 * Streams XML through a SAX parser (strict, namespace-aware). A DOCTYPE is refused outright: no
 * internal subset means no entity expansion (billion laughs) and no external entities (XXE); only
 * the five predefined XML entities are known. Memory stays bounded: small text is kept (with a cap),
 * large text flows into sinks chunk by chunk (sax flushes text nodes every 64 KiB).
 */
export async function parseXmlStream(input: AsyncIterable<Buffer | string>, opts: XmlStreamOptions): Promise<XmlNode> {
  // strictEntities (only the five XML entities, no HTML ones) is missing from the typings.
  const parser = sax.parser(true, { xmlns: true, position: true, strictEntities: true } as sax.SAXOptions);
  const stack: Frame[] = [];
  let root: XmlNode | null = null;
  let kept = 0;
  let elements = 0;

  const keep = (n: number) => {
    kept += n;
    if (kept > opts.maxKeptChars) throw new EdxmlError('EDXML_HEADER_TOO_LARGE', 'Phần thông tin (ngoài tệp đính kèm) của gói tin quá lớn');
  };

  parser.onerror = (err) => {
    throw new EdxmlError('EDXML_MALFORMED', 'Gói tin không phải XML hợp lệ', err.message.split('\n')[0]);
  };
  parser.ondoctype = () => {
    throw new EdxmlError('EDXML_DOCTYPE_FORBIDDEN', 'Gói tin chứa khai báo DOCTYPE/thực thể (ENTITY): không được phép vì lý do an toàn');
  };
  parser.onsgmldeclaration = () => {
    throw new EdxmlError('EDXML_DOCTYPE_FORBIDDEN', 'Gói tin chứa khai báo SGML/thực thể: không được phép vì lý do an toàn');
  };
  parser.onopentag = (tag) => {
    const t = tag as sax.QualifiedTag;
    elements += 1;
    if (elements > opts.maxElements) throw new EdxmlError('EDXML_HEADER_TOO_LARGE', 'Gói tin có quá nhiều phần tử XML');
    if (stack.length >= opts.maxDepth) throw new EdxmlError('EDXML_MALFORMED', 'Gói tin lồng phần tử quá sâu');
    const attrs: Record<string, string> = {};
    for (const a of Object.values(t.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      keep(a.value.length);
      attrs[a.local] = a.value;
    }
    const node: XmlNode = { local: t.local, uri: t.uri, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.node.children.push(node);
    else root = node;
    const parents = stack.map((f) => f.node);
    stack.push({ node, sink: opts.sinkFor(node, parents, parent?.sink ?? null) });
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const onText = (text: string) => {
    const frame = stack[stack.length - 1];
    if (!frame) return; // whitespace around the root
    if (frame.sink) frame.sink.write(text);
    else {
      keep(text.length);
      frame.node.text += text;
    }
  };
  parser.ontext = onText;
  parser.oncdata = onText;

  const decoder = new StringDecoder('utf8');
  // Errors of the input itself (a dropped connection) pass through as they are: they are not the package's fault.
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    // Fed in slices so that sax's 64 KiB text flush keeps memory flat whatever the read size.
    for (let i = 0; i < text.length; i += 65536) parser.write(text.slice(i, i + 65536));
  }
  parser.write(decoder.end());
  parser.close();
  if (!root) throw new EdxmlError('EDXML_MALFORMED', 'Gói tin rỗng, không có phần tử gốc');
  return root;
}

/** Children by local name, in the edXML namespace or none (vendors differ in how they qualify). */
export function childrenNamed(node: XmlNode | undefined, local: string, ns: string): XmlNode[] {
  if (!node) return [];
  return node.children.filter((c) => c.local === local && (c.uri === ns || c.uri === ''));
}

export const child = (node: XmlNode | undefined, local: string, ns: string): XmlNode | undefined => childrenNamed(node, local, ns)[0];

/** Trimmed text of a child, or undefined when absent or empty. */
export function childText(node: XmlNode | undefined, local: string, ns: string): string | undefined {
  const text = child(node, local, ns)?.text.trim();
  return text ? text : undefined;
}
