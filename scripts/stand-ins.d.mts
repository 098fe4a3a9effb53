import type { Plugin } from 'esbuild';

/** One module a stand-in must replace, and what it must look like. */
export interface StandInTarget {
  /** A package name (its entry), or `<package>/<file>` as installed. */
  module: string;
  /** The package whose imports of `module` are replaced. */
  importer: string;
  /** The module's export names when the stand-in was written (`X.prototype.m` for class members). */
  exports: readonly string[];
  /** A module whose exports `module` passes on: they are left out of `exports`. */
  less?: string;
  /** The stand-in's source, written as an ES module or CommonJS like `module`. */
  contents: string;
}

/** A stand-in: the modules it replaces in one bundle. */
export interface StandIn {
  name: string;
  bundle: 'cli' | 'clients';
  replaces: StandInTarget[];
}

export const STAND_INS: readonly StandIn[];

/** The plugin that puts the stand-ins in place, and the checks to run after the build. */
export function standInPlugin(standIns: readonly StandIn[]): { plugin: Plugin; verify(): Promise<string[]> };

/** The export names of a module file or built-in (`X.prototype.m` for class members). */
export function exportsOf(file: string, less?: string): Promise<string[]>;

/** A module exporting `names`, each failing with `message` when used. */
export function inert(format: 'esm' | 'cjs', names: readonly string[], message: string): string;

/** The package a file in node_modules belongs to. */
export function packageOf(file: string): string | undefined;
