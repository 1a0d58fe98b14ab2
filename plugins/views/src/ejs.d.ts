/** The part of EJS 7's API the views plugin uses (the package ships no types). */
declare module 'ejs' {
  export interface Options {
    escapeFunction?: (value: unknown) => string;
    compileDebug?: boolean;
    filename?: string;
    strict?: boolean;
    async?: boolean;
    client?: boolean;
    localsName?: string;
    outputFunctionName?: string;
    destructuredLocals?: string[];
    rmWhitespace?: boolean;
    unsafePrototypeLocals?: boolean;
  }
  export type TemplateFunction = (data: object) => string;
  export function compile(template: string, opts: Options): TemplateFunction;
}
