// An ESLint rule that keeps every import pointing down the layers of ARCHITECTURE.md: a relative import is
// resolved to the folder it lands in, and a layer may import only itself and the layers listed below it.
import path from 'node:path';

/** What each layer may import, besides itself. */
const MAY_IMPORT = {
  core: [],
  protocol: ['core'],
  views: ['protocol', 'core'],
  io: ['protocol', 'core'],
  runs: ['io', 'views', 'protocol', 'core'],
  cli: ['runs', 'io', 'views', 'protocol', 'core'],
  extension: ['runs', 'io', 'views', 'protocol', 'core'],
  generate: ['cli', 'runs', 'io', 'views', 'protocol', 'core'],
  webview: ['views', 'protocol'],
};

/** Node modules that do input and output: the core computes only. */
const NODE_IO = /^(node:)?(fs|fs\/promises|os|child_process|worker_threads|net|http|https|cluster|process)$/;

/** The layer of a file under the project root: `src/<layer>/…`, `src/cli.ts` (the CLI's entry), `webview/…`. */
function layerOf(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === 'webview') return 'webview';
  if (parts[0] !== 'src') return null;
  if (parts.length === 2) return parts[1] === 'cli.ts' ? 'cli' : null;
  return parts[1] in MAY_IMPORT ? parts[1] : null;
}

const direction = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point down the layers (see ARCHITECTURE.md)' },
    schema: [],
    messages: {
      upward: '{{from}} may not import {{to}} ({{spec}}): {{from}} may import {{allowed}}; see ARCHITECTURE.md',
      vscode: "only src/extension imports 'vscode'",
      nodeIo: 'src/core computes only: {{spec}} belongs in src/io (or pass what it gives in)',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = layerOf(root, file);
    if (!from) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string') return;
      if (spec === 'vscode' && from !== 'extension') return context.report({ node, messageId: 'vscode' });
      if (from === 'core' && NODE_IO.test(spec)) return context.report({ node, messageId: 'nodeIo', data: { spec } });
      if (!spec.startsWith('.')) return;
      const to = layerOf(root, path.resolve(path.dirname(file), spec));
      if (!to || to === from || MAY_IMPORT[from].includes(to)) return;
      context.report({
        node,
        messageId: 'upward',
        data: { from, to, spec, allowed: MAY_IMPORT[from].join(', ') || 'only itself' },
      });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { direction } };
