/**
 * The JSON view: CodeMirror 6 with the district's rule-set JSON Schema (codemirror-json-schema:
 * completion of fields, fact ids and operators with their Chinese descriptions, hover, schema
 * errors), plus the server's checks (`anquan validate`'s) as a second lint source.
 */
import { useEffect, useRef } from 'preact/hooks';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { autocompletion } from '@codemirror/autocomplete';
import { bracketMatching, foldGutter, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { jsonSchema } from 'codemirror-json-schema';
import type { Issue } from './api.js';

export interface JsonViewProps {
  text: string;
  schema: Record<string, unknown> | null;
  issues: Issue[];
  onChange: (text: string) => void;
}

export function JsonView({ text, schema, issues, onChange }: JsonViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const issuesRef = useRef<Issue[]>(issues);
  const changeRef = useRef(onChange);
  issuesRef.current = issues;
  changeRef.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const serverLint = linter(
      (v) => {
        const out: Diagnostic[] = [];
        for (const i of issuesRef.current) {
          if (i.line < 1 || i.line > v.state.doc.lines) continue;
          const line = v.state.doc.line(i.line);
          const from = Math.min(line.from + Math.max(0, i.column - 1), line.to);
          out.push({ from, to: Math.max(from, line.to), severity: i.severity === 'error' ? 'error' : 'warning', message: `${i.message}（${i.pointer || '/'}）` });
        }
        return out;
      },
      { delay: 200 },
    );
    view.current = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          foldGutter(),
          lintGutter(),
          highlightActiveLine(),
          history(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle),
          autocompletion(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          ...(schema ? jsonSchema(schema as never) : []),
          serverLint,
          EditorView.lineWrapping,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    return () => view.current?.destroy();
  }, [schema]);

  // Text changed elsewhere (a form, undo): replace the editor's content.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== text) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
  }, [text]);

  // New results of the server's checks: lint again (the editor lints by itself only when its text changes).
  useEffect(() => {
    if (view.current) forceLinting(view.current);
  }, [issues]);

  return <div class="json-view" ref={host} />;
}
