// Types for the part of mvdan-sh (mvdan/sh's bash parser, GopherJS build) that Dockyard uses; the package ships none.

declare module 'mvdan-sh' {
  /** A position in the parsed source; offsets count UTF-8 bytes, not UTF-16 units. */
  export interface ShPos {
    Offset(): number;
  }

  /** Any syntax node; which fields are set depends on `syntax.NodeType(node)`. */
  export interface ShNode {
    Pos(): ShPos;
    End(): ShPos;
    /** Lit, SglQuoted: the text as written (escapes kept). */
    Value?: string;
    /** SglQuoted, DblQuoted: `$'…'` / `$"…"`. */
    Dollar?: boolean;
    /** Word, DblQuoted: the pieces. */
    Parts?: ShNode[];
    /** CallExpr: the words of a simple command (assignments excluded). */
    Args?: ShNode[];
  }

  export interface ShParser {
    /** Parses a whole script; throws (a Go error object, not an Error) on a syntax error. */
    Parse(src: string, name: string): ShNode;
  }

  export type ParserOption = { readonly __parserOption: unique symbol };

  export interface Syntax {
    NewParser(...options: ParserOption[]): ShParser;
    KeepComments(keep: boolean): ParserOption;
    Variant(lang: number): ParserOption;
    LangBash: number;
    NodeType(node: ShNode): string;
    /** Visits every node depth-first; the visitor returns false to skip a node's children. It is also called with null after a node's children. */
    Walk(node: ShNode, visit: (node: ShNode | null) => boolean): void;
  }

  const sh: { syntax: Syntax };
  export default sh;
}
