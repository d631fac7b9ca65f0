// Fixture for the harness self-test: nothing for the probe extension to flag.
module.exports = (a, b) => a + b;
