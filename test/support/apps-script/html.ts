// Owns HtmlService: HtmlOutput objects, HTML files looked up by name in the registry the test passes
// (`files`), and templates with the three scriptlet forms — `<? code ?>`, `<?= escaped ?>`,
// `<?!= raw ?>`. Template code sees the template's own properties and the script's globals; when the
// environment is bound to a vm context it runs inside that context, so it can call the script's functions.
import vm from 'node:vm';
import type { Execution } from './execution.js';
import type { ShownHtml } from './ui.js';

export const SandboxMode = Object.freeze({
  EMULATED: 'EMULATED',
  IFRAME: 'IFRAME',
  NATIVE: 'NATIVE',
  NONE: 'NONE',
});
export const XFrameOptionsMode = Object.freeze({ ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' });

export class FakeHtmlOutput {
  private title = '';
  private width: number | null = null;
  private height: number | null = null;
  private readonly metaTags: { name: string; content: string }[] = [];

  constructor(private content: string) {}

  getContent(): string {
    return this.content;
  }
  setContent(content: string): this {
    this.content = String(content);
    return this;
  }
  append(addedContent: string): this {
    this.content += String(addedContent);
    return this;
  }
  appendUntrusted(addedContent: string): this {
    this.content += escapeHtml(String(addedContent));
    return this;
  }
  clear(): this {
    this.content = '';
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): this {
    this.title = String(title);
    return this;
  }
  getWidth(): number | null {
    return this.width;
  }
  setWidth(width: number): this {
    this.width = width;
    return this;
  }
  getHeight(): number | null {
    return this.height;
  }
  setHeight(height: number): this {
    this.height = height;
    return this;
  }
  setSandboxMode(_mode: string): this {
    return this;
  }
  getSandboxMode(): string {
    return SandboxMode.IFRAME;
  }
  setXFrameOptionsMode(_mode: string): this {
    return this;
  }
  setFaviconUrl(_iconUrl: string): this {
    return this;
  }
  addMetaTag(name: string, content: string): this {
    this.metaTags.push({ name, content });
    return this;
  }
  getAs(_contentType: string): never {
    throw new Error('HtmlOutput.getAs is not supported by the fake');
  }

  /** Internal: what the Ui records when this output is shown. */
  shown(kind: ShownHtml['kind'], title: string): ShownHtml {
    return { kind, title, content: this.content, width: this.width, height: this.height };
  }
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Turns template text into the body of a function(__scope, __escape) that returns the output. */
export function compileTemplate(source: string): string {
  const parts: string[] = ['var __out = [];'];
  const scriptlet = /<\?(!=|=)?([\s\S]*?)\?>/g;
  let cursor = 0;
  for (let match = scriptlet.exec(source); match !== null; match = scriptlet.exec(source)) {
    if (match.index > cursor) parts.push(`__out.push(${JSON.stringify(source.slice(cursor, match.index))});`);
    const code = match[2] ?? '';
    if (match[1] === '=') parts.push(`__out.push(__escape(String(${code})));`);
    else if (match[1] === '!=') parts.push(`__out.push(String(${code}));`);
    else parts.push(code);
    cursor = match.index + match[0].length;
  }
  if (cursor < source.length) parts.push(`__out.push(${JSON.stringify(source.slice(cursor))});`);
  parts.push("return __out.join('');");
  return `with (__scope) { ${parts.join('\n')} }`;
}

type TemplateFunction = (scope: object, escapeText: (text: string) => string) => string;

export class FakeHtmlTemplate {
  [property: string]: unknown;

  constructor(
    private readonly execution: Execution,
    private readonly source: string,
    private readonly globals: () => Record<string, unknown>,
  ) {}

  getRawContent(): string {
    return this.source;
  }

  getCode(): string {
    return compileTemplate(this.source);
  }

  evaluate(): FakeHtmlOutput {
    const body = compileTemplate(this.source);
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'execution' && key !== 'source' && key !== 'globals') own[key] = value;
    }
    const context = this.execution.bridge.context;
    let render: TemplateFunction;
    let scope: object;
    if (context) {
      // Sloppy-mode function so `with` is allowed; globals resolve through the context itself.
      render = vm.runInContext(`(function (__scope, __escape) { ${body} })`, context) as TemplateFunction;
      scope = own;
    } else {
      render = new Function('__scope', '__escape', body) as TemplateFunction;
      scope = { ...this.globals(), ...own };
    }
    return new FakeHtmlOutput(render(scope, escapeHtml));
  }
}

export function createHtmlService(
  execution: Execution,
  files: Record<string, string>,
  globals: () => Record<string, unknown>,
) {
  const fileContent = (name: string): string => {
    const content = files[name] ?? files[`${name}.html`];
    if (content === undefined) throw execution.exception(`No HTML file named ${name} was found.`);
    return content;
  };
  return {
    SandboxMode,
    XFrameOptionsMode,
    createHtmlOutput(content?: string | FakeHtmlTemplate): FakeHtmlOutput {
      if (content instanceof FakeHtmlTemplate) return content.evaluate();
      return new FakeHtmlOutput(content === undefined ? '' : String(content));
    },
    createHtmlOutputFromFile(filename: string): FakeHtmlOutput {
      return new FakeHtmlOutput(fileContent(String(filename)));
    },
    createTemplate(content: string): FakeHtmlTemplate {
      return new FakeHtmlTemplate(execution, String(content), globals);
    },
    createTemplateFromFile(filename: string): FakeHtmlTemplate {
      return new FakeHtmlTemplate(execution, fileContent(String(filename)), globals);
    },
    getUserAgent(): string {
      return 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
    },
  };
}
