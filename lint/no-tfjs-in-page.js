// The page must not load TensorFlow.js: tfjs runs in the training worker, and in the page it only
// adds hundreds of kB of script before the first screen (issue 24: one constant the inside views took
// from src/engine/inside/facts.ts pulled tfjs-core into the page). A rule on direct imports of
// @tensorflow/* is not enough, since that leak went through an engine module, so this rule follows
// each import through the files it loads, however deep, and reports any that ends at @tensorflow/*,
// with the chain. What the bundle drops is not followed: `import type`, imports whose names are all
// types (tsconfig has verbatimModuleSyntax off, so those are erased), and packages other than tfjs.
// Lazy `import()` is followed too: a chunk loaded on demand is still the page's script.
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import ts from 'typescript';

const TFJS = /^@tensorflow\//;
const CODE = ['.ts', '.tsx', '.js', '.jsx', '.mjs'];
const CANDIDATES = ['', ...CODE, ...CODE.map((e) => `/index${e}`)];

/**
 * What a module loads when it runs, given its text: the specifiers of its value imports and
 * re-exports, static and dynamic (string literals only), in order.
 * @param {string} text
 * @param {string} fileName
 * @returns {string[]}
 */
export function valueImports(text, fileName) {
  const kind = fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  /** @type {string[]} */
  const out = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!erasedImport(node.importClause)) out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
      const allTypes = named !== null && named.length > 0 && named.every((e) => e.isTypeOnly);
      if (!node.isTypeOnly && !allTypes) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** @param {ts.ImportClause | undefined} clause */
function erasedImport(clause) {
  if (!clause) return false; // import './side-effect'
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return (
    clause.name === undefined &&
    named !== undefined &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
}

/** @type {Map<string, { mtime: number; imports: string[] }>} Parsed modules, by path (kept while unchanged). */
const parsed = new Map();

/** @param {string} path */
function importsOf(path) {
  const mtime = statSync(path).mtimeMs;
  const known = parsed.get(path);
  if (known && known.mtime === mtime) return known.imports;
  const imports = valueImports(readFileSync(path, 'utf8'), path);
  parsed.set(path, { mtime, imports });
  return imports;
}

/**
 * The source file a relative specifier names, or undefined for a package or anything that is not
 * code (styles, `?url` assets).
 * @param {string} specifier
 * @param {string} from the importing file
 */
function resolveModule(specifier, from) {
  if (!specifier.startsWith('.') || specifier.includes('?')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const c of CANDIDATES) {
    const path = base + c;
    if (!CODE.includes(extname(path))) continue;
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

/**
 * The chain of modules by which `specifier`, imported by `from`, loads @tensorflow/* (the files,
 * then the tfjs package), or undefined when it does not. `clean` holds modules already known not to.
 * @param {string} specifier
 * @param {string} from
 * @param {Set<string>} [clean]
 * @returns {string[] | undefined}
 */
export function tfjsChain(specifier, from, clean = new Set()) {
  if (TFJS.test(specifier)) return [specifier];
  const start = resolveModule(specifier, from);
  if (!start) return undefined;
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {string} path @returns {string[] | undefined} */
  const walk = (path) => {
    if (clean.has(path) || seen.has(path)) return undefined;
    seen.add(path);
    for (const s of importsOf(path)) {
      if (TFJS.test(s)) return [path, s];
      const next = resolveModule(s, path);
      const chain = next && walk(next);
      if (chain) return [path, ...chain];
    }
    return undefined;
  };
  const chain = walk(start);
  // A walk that found nothing went through everything its modules load: all of them are clean.
  if (!chain) seen.forEach((p) => clean.add(p));
  return chain;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noTfjsInPage = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'The page (src/main.tsx, src/ui, src/store) must not load @tensorflow/*, even through other modules.',
    },
    schema: [],
    messages: {
      reaches:
        "'{{source}}' loads TensorFlow.js into the page ({{chain}}). tfjs belongs in the training worker: import only types from such a module (`import type`), or move the value into a module without tfjs.",
    },
  },
  create(context) {
    const clean = new Set();
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const chain = tfjsChain(source, context.filename, clean);
      if (!chain) return;
      const shown = chain.map((p) => (isAbsolute(p) ? relative(context.cwd, p) : p));
      context.report({ node, messageId: 'reaches', data: { source, chain: shown.join(' → ') } });
    };
    // typescript-eslint's AST marks type-only imports and exports with importKind / exportKind.
    /** @param {{ importKind?: string }} n */
    const typeOnly = (n) => n.importKind === 'type';
    return {
      ImportDeclaration(node) {
        const specifiers = node.specifiers;
        const named = specifiers.length > 0 && specifiers.every((s) => s.type === 'ImportSpecifier');
        if (typeOnly(node) || (named && specifiers.every(typeOnly))) return;
        check(node.source, node.source.value);
      },
      ExportNamedDeclaration(node) {
        /** @type {{ exportKind?: string }} */
        const kind = node;
        if (node.source && kind.exportKind !== 'type') check(node.source, node.source.value);
      },
      ExportAllDeclaration(node) {
        /** @type {{ exportKind?: string }} */
        const kind = node;
        if (kind.exportKind !== 'type') check(node.source, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
      },
    };
  },
};
