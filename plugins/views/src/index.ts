export { viewsPlugin as default, viewsPlugin, type ViewsOptions } from './views-plugin';
export { Render, RENDER_METADATA, type RenderSpec } from './render-decorator';
export { VIEWS, type LocalsContributor, type ViewsExtensions } from './view-locals';
export { ViewsErrors } from './views-errors';
export { escapeHtml, escapeXml } from './markup-escape';
export { builtinErrorPage } from './error-pages';
export { HTML_TYPE, XML_TYPE } from './view-responders';
