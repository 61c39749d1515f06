'use strict';

/**
 * The URL with its password replaced, for printing.
 * @param {string} url
 */
function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

module.exports = { redactUrl };
