module.exports = require('../../jest.preset.cjs').projectsFor(__dirname);
