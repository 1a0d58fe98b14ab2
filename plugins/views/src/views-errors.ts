import { defineErrorCodes } from '@pith/core';

/** The views plugin's error codes; all are boot or server errors. */
export const ViewsErrors = defineErrorCodes({
  ERR_VIEWS_DIR_NOT_FOUND: { status: 500, title: 'Views folder not found' },
  ERR_VIEW_NOT_FOUND: { status: 500, title: 'Template not found' },
  ERR_VIEW_COMPILE: { status: 500, title: 'Template does not compile' },
  ERR_VIEW_RENDER: { status: 500, title: 'Template misused the view functions' },
  ERR_VIEW_RENDER_SPEC: { status: 500, title: 'Invalid @Render metadata' },
  ERR_VIEWS_SEALED: { status: 500, title: 'Views already started' },
});
