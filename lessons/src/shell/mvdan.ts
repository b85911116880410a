// The bash parser, loaded once, with the globals its runtime touches restored.
/// <reference path="./mvdan-sh.d.ts" />

import { restoreGlobals } from './globals-snapshot.js';
import sh from 'mvdan-sh';

restoreGlobals();

export const syntax = sh.syntax;
export const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
