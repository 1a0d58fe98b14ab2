import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PithError } from '@pith/core';
import { compile, type TemplateFunction } from 'ejs';
import { escapeHtml, escapeXml } from './markup-escape';

/** One compiled template file. */
export interface CompiledTemplate {
  /** `appointments/list` for `<dir>/appointments/list.ejs`. */
  readonly name: string;
  readonly file: string;
  /** The folder of `name`, where `./` and `../` includes start. */
  readonly folder: string;
  /** Templates named `*.xml` escape for XML, all others for HTML. */
  readonly isXml: boolean;
  fn: TemplateFunction;
  mtimeMs: number;
  /** Names this template included that needed resolving (`./row`), so a loop resolves once. */
  readonly resolved: Map<string, CompiledTemplate>;
}

/** Bounds {@link CompiledTemplate.resolved}: a dynamic include name must not grow it forever. */
const MAX_RESOLVED = 64;

/** How a {@link TemplateStore} reads and compiles its folder. */
export interface TemplateStoreOptions {
  /** Absolute views folder. */
  readonly dir: string;
  /** Development: re-read a template whose mtime changed, and load files added after boot. */
  readonly watch: boolean;
  /** EJS line tracking; it puts template lines in error messages, so development only. */
  readonly compileDebug: boolean;
}

const EXTENSION = '.ejs';
const LITERAL_REFERENCE = /\b(include|layout)\(\s*(['"])([^'"\n]+?)\2/g;

/**
 * Every template of a views folder, compiled once with a fixed, explicit EJS options object.
 * In production the set is fixed at boot; in development templates recompile when they change.
 */
export class TemplateStore {
  private readonly templates = new Map<string, CompiledTemplate>();
  private isLoaded = false;

  constructor(private readonly options: TemplateStoreOptions) {}

  /** Compiles every `*.ejs` file under the folder and checks their literal includes (once). */
  load(): void {
    if (this.isLoaded) return;
    let entries: string[];
    try {
      entries = readdirSync(this.options.dir, { recursive: true }) as string[];
    } catch (error) {
      throw new PithError(
        'ERR_VIEWS_DIR_NOT_FOUND',
        `plugins.views.dir: cannot read the views folder ${this.options.dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        { cause: error },
      );
    }
    for (const entry of entries.sort()) {
      if (!entry.endsWith(EXTENSION)) continue;
      const name = entry.slice(0, -EXTENSION.length).split(path.sep).join('/');
      const template = this.compileFile(name);
      if (template) this.templates.set(name, template);
    }
    for (const template of this.templates.values()) this.checkReferences(template);
    this.isLoaded = true;
  }

  /**
   * The template a name refers to, or undefined. `from` is the including template, for `./` and
   * `../` names; other names start at the views folder.
   */
  find(name: string, from?: CompiledTemplate): CompiledTemplate | undefined {
    const template = this.templates.get(name) ?? from?.resolved.get(name);
    if (template !== undefined) return template;
    const normalized = this.normalize(name, from);
    if (normalized === undefined) return undefined;
    let found = this.templates.get(normalized);
    if (found === undefined && this.options.watch) {
      found = this.compileFile(normalized);
      if (found) this.templates.set(normalized, found);
    }
    if (found && from && from.resolved.size < MAX_RESOLVED) from.resolved.set(name, found);
    return found;
  }

  /** Development only: recompiles the template if its file changed since it was compiled. */
  refresh(template: CompiledTemplate): void {
    if (!this.options.watch) return;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(template.file).mtimeMs;
    } catch {
      return;
    }
    if (mtimeMs === template.mtimeMs) return;
    const source = readFileSync(template.file, 'utf8');
    template.fn = this.compileSource(template.name, template.file, source);
    template.mtimeMs = mtimeMs;
  }

  /** A template name as a path inside the folder, or undefined when it would leave it. */
  private normalize(name: string, from: CompiledTemplate | undefined): string | undefined {
    if (typeof name !== 'string' || name === '' || name.includes('\0') || name.includes('\\'))
      return undefined;
    let joined = name.endsWith(EXTENSION) ? name.slice(0, -EXTENSION.length) : name;
    if (joined.startsWith('./') || joined.startsWith('../'))
      joined = path.posix.join(from?.folder ?? '', joined);
    const normalized = path.posix.normalize(joined).replace(/^\/+/, '');
    if (normalized === '..' || normalized.startsWith('../') || normalized === '.') return undefined;
    return normalized;
  }

  private compileFile(name: string): CompiledTemplate | undefined {
    const file = path.join(this.options.dir, ...name.split('/')) + EXTENSION;
    let source: string;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
      source = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const slash = name.lastIndexOf('/');
    return {
      name,
      file,
      folder: slash === -1 ? '' : name.slice(0, slash),
      isXml: name.endsWith('.xml'),
      fn: this.compileSource(name, file, source),
      mtimeMs,
      resolved: new Map(),
    };
  }

  private compileSource(name: string, file: string, source: string): TemplateFunction {
    try {
      // Request data never reaches this object: options are fixed here, at boot, and the
      // compiled function only ever receives locals.
      return compile(source.replace(/^\uFEFF/, ''), {
        filename: file,
        escapeFunction: name.endsWith('.xml') ? escapeXml : escapeHtml,
        compileDebug: this.options.compileDebug,
        strict: false,
        async: false,
        client: false,
        localsName: 'locals',
        // The renderer passes its own null-prototype locals object, so EJS's defensive second
        // copy would only cost time; nothing is reachable through a prototype.
        unsafePrototypeLocals: true,
      });
    } catch (error) {
      throw new PithError(
        'ERR_VIEW_COMPILE',
        `template "${name}" (${file}) does not compile: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** A literal `include('x')` or `layout('x')` naming a missing template fails the boot. */
  private checkReferences(template: CompiledTemplate): void {
    const source = readFileSync(template.file, 'utf8');
    for (const match of source.matchAll(LITERAL_REFERENCE)) {
      const [, kind, , name] = match;
      if (!this.find(name, template)) {
        throw new PithError(
          'ERR_VIEW_NOT_FOUND',
          `template "${template.name}" calls ${kind}('${name}'), but there is no ${this.describe(name, template)}`,
        );
      }
    }
  }

  /** Where a name was looked for, for error messages. */
  describe(name: string, from?: CompiledTemplate): string {
    const normalized = this.normalize(name, from);
    if (normalized === undefined) return `template "${name}" inside ${this.options.dir}`;
    return `template "${normalized}" (${path.join(this.options.dir, ...normalized.split('/'))}${EXTENSION})`;
  }
}
