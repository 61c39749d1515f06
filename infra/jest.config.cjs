module.exports = require('../jest.preset.cjs').workspaceConfig(__dirname);
