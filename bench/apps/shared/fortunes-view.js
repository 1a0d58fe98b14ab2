'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ejs = require('ejs');
const { prepareFortunes } = require('./tfb-rules');

/** The fortunes template compiled once with ejs (the TechEmpower page, escaped by `<%=`). */
const template = ejs.compile(fs.readFileSync(path.join(__dirname, 'fortunes.ejs'), 'utf8'));

/** Renders the fortunes page from the database rows. */
function renderFortunes(rows) {
  return template({ fortunes: prepareFortunes(rows) });
}

module.exports = { renderFortunes };
