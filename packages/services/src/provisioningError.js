'use strict';

/**
 * A server could not be installed or started. The message says what to do (install a package, free a data
 * directory, read a log); retrying without changing anything will not help.
 */
class ProvisioningError extends Error {
  /**
   * @param {string} message
   * @param {{ logFile?: string }} [context] the server's log, when it got as far as writing one
   */
  constructor(message, context = {}) {
    super(message);
    this.name = 'ProvisioningError';
    /** @type {string | undefined} */
    this.logFile = context.logFile;
  }
}

module.exports = { ProvisioningError };
