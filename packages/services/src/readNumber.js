'use strict';
const { existsSync, readFileSync } = require('node:fs');

/**
 * The number on line `line` (from 0) of a file, or undefined.
 * @param {string} file
 * @param {number} line
 */
function readNumber(file, line) {
  if (!existsSync(file)) return undefined;
  const value = Number(readFileSync(file, 'utf8').split('\n')[line]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

module.exports = { readNumber };
