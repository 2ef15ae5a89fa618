// Types of lint/no-tfjs-in-page.js, for the tests (the project checks no JavaScript).
import type { Rule } from 'eslint';

/** The specifiers a module loads when it runs: value imports and re-exports, static and dynamic. */
export declare function valueImports(text: string, fileName: string): string[];
/** How `specifier`, imported by the file `from`, loads @tensorflow/* (files, then the package), if it does. */
export declare function tfjsChain(specifier: string, from: string, clean?: Set<string>): string[] | undefined;
export declare const noTfjsInPage: Rule.RuleModule;
